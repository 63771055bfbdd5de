import { Rng, RngStream } from "../rng.js";
import type { ImageDataset, ImageSplit } from "./image-dataset.js";

/**
 * Random images and labels with a real dataset's shapes and sizes, for throughput benchmarks on
 * hosts that carry no dataset (the GPU check: the Fashion-MNIST files alone would be half of
 * what it may bring along; CIFAR is not shipped at all). Everything after loading (batching, the
 * model, the optimizer) is the real path; the metrics mean nothing. Only benchmarks ask for it
 * (bench:train --synthetic).
 */
export function syntheticImageDataset(
  like: { name: string; height: number; width: number; channels: number; numClasses: number; trainCount: number; testCount: number },
  seed = 0,
): ImageDataset {
  const rng = new Rng(seed, RngStream.data);
  const pixels = like.height * like.width * like.channels;
  const split = (count: number): ImageSplit => {
    const images = new Uint8Array(count * pixels);
    // four pixels per draw: 47M pixels for Fashion-MNIST
    const words = new Uint32Array(images.buffer, 0, images.length >>> 2);
    for (let i = 0; i < words.length; i++) words[i] = Math.floor(rng.next() * 0x100000000);
    for (let i = words.length * 4; i < images.length; i++) images[i] = rng.int(256);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) labels[i] = rng.int(like.numClasses);
    return { images, labels, count };
  };
  return { name: `${like.name} (synthetic)`, height: like.height, width: like.width, channels: like.channels, numClasses: like.numClasses, train: split(like.trainCount), test: split(like.testCount) };
}
