import * as tf from "@tensorflow/tfjs";
import { activation } from "./activation.js";
import { parseActivation, type Activation } from "@gemsweep/contracts";

/** `activation`: a spec, or (as saved in a model's config) its text form "e-gem:n=2,eps=0.1". */
export type GemActivationLayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0] & { activation: Activation | string };

/**
 * tfjs-layers snake_cases config keys AND string values on save (and camelCases them on load), so
 * the spec is saved as text without capitals or underscores, which survives both conversions.
 */
function specToText(spec: Activation): string {
  const params = (["N", "eps", "alpha"] as const).filter((k) => spec[k] !== undefined).map((k) => `${k.toLowerCase()}=${spec[k]}`);
  return params.length ? `${spec.name}:${params.join(",")}` : spec.name;
}

function parseSpec(value: Activation | string): unknown {
  if (typeof value !== "string") return value;
  const [name, params = ""] = value.split(":");
  const spec: Record<string, unknown> = { name };
  for (const pair of params.split(",").filter(Boolean)) {
    const [key = "", raw = ""] = pair.split("=");
    spec[key === "n" ? "N" : key] = Number(raw);
  }
  return spec;
}

/**
 * A tfjs-layers Activation layer for any Activation (GEM family and baselines). Registered
 * for serialization, so models containing it save (model.save / tf.io handlers) and load.
 */
export class GemActivationLayer extends tf.layers.Layer {
  static readonly className = "GemSweepActivation";
  readonly activationSpec: Activation;
  private readonly fn: (x: tf.Tensor) => tf.Tensor;

  constructor(args: GemActivationLayerArgs) {
    super(args);
    this.activationSpec = parseActivation(parseSpec(args.activation));
    this.fn = activation(this.activationSpec);
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x || (Array.isArray(inputs) && inputs.length !== 1)) throw new Error("GemActivationLayer takes exactly one input");
    return this.fn(x);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: specToText(this.activationSpec) };
  }
}

tf.serialization.registerClass(GemActivationLayer);

/** `tf.layers.activation` for our activations: `model.add(activationLayer({ name: "e-gem", eps: 0.1 }))`. */
export function activationLayer(spec: Activation, args: Omit<GemActivationLayerArgs, "activation"> = {}): GemActivationLayer {
  return new GemActivationLayer({ ...args, activation: spec });
}
