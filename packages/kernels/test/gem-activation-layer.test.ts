import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { GemActivationLayer, activationLayer, loadBackend, reference } from "../src/index.js";
import { read } from "./read.js";

describe("GemActivationLayer", () => {
  beforeAll(async () => {
    await loadBackend("cpu");
  });

  it("computes the activation and keeps shapes", async () => {
    const layer = activationLayer({ name: "se-gem", N: 2, eps: 0.5, alpha: 0.1 });
    const y = layer.apply(tf.tensor2d([[-1, 0.25, 2]])) as tf.Tensor;
    expect(y.shape).toEqual([1, 3]);
    const values = await read(y);
    [-1, 0.25, 2].forEach((x, i) => expect(values[i]).toBeCloseTo(reference.segem(x, 2, 0.5, 0.1), 6));
  });

  it("a model with it saves and loads (tf.io.withSaveHandler / fromMemory), same outputs", async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 4, inputShape: [3], kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }));
    model.add(activationLayer({ name: "e-gem", N: 2, eps: 0.1 }));
    model.add(tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }));
    model.add(new GemActivationLayer({ activation: { name: "se-gem", eps: 1e-7 } }));

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    expect(JSON.stringify(saved?.modelTopology)).toContain('"class_name":"GemSweepActivation"');
    expect(JSON.stringify(saved?.modelTopology)).toContain('"activation":"e-gem:n=2,eps=0.1"');

    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const layer = loaded.layers[1];
    expect(layer).toBeInstanceOf(GemActivationLayer);
    expect((layer as GemActivationLayer).activationSpec).toEqual({ name: "e-gem", N: 2, eps: 0.1 });
    expect((loaded.layers[3] as GemActivationLayer).activationSpec).toEqual({ name: "se-gem", N: 1, eps: 1e-7, alpha: 0.01 });

    const x = tf.tensor2d([[0.3, -1.2, 2], [1, 1, -0.5]]);
    const a = await read(model.predict(x) as tf.Tensor);
    const b = await read(loaded.predict(x) as tf.Tensor);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it("trains inside a model (gradients flow through the layer)", async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 8, inputShape: [2], kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) }));
    model.add(activationLayer({ name: "e-gem", eps: 0.1 }));
    model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) }));
    model.compile({ optimizer: tf.train.adam(0.05), loss: "meanSquaredError" });
    const x = tf.randomUniform([128, 2], -1, 1, "float32", 5);
    const y = x.abs().sum(1, true);
    const history = await model.fit(x, y, { epochs: 15, batchSize: 32, verbose: 0 });
    const losses = history.history["loss"] as number[];
    expect(losses[losses.length - 1]).toBeLessThan((losses[0] as number) * 0.5);
  });
});
