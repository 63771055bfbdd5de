/** One split of an image dataset, kept as raw bytes (NHWC, uint8) to stay small in memory. */
export interface ImageSplit {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface ImageDataset {
  name: string;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  train: ImageSplit;
  test: ImageSplit;
}

/** The first `limit` examples of a split (trainLimit / testLimit). */
export function limitSplit(split: ImageSplit, limit: number | undefined, pixels: number): ImageSplit {
  if (limit === undefined || limit >= split.count) return split;
  return { images: split.images.subarray(0, limit * pixels), labels: split.labels.subarray(0, limit), count: limit };
}
