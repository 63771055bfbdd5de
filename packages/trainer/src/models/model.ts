import type * as tf from "@tensorflow/tfjs";

/** The activation at one named site of the network (every nonlinearity goes through it). */
export type ActFn = (x: tf.Tensor, site: string) => tf.Tensor;

export interface ForwardContext {
  training: boolean;
  act: ActFn;
  /** Running statistics a training forward wants stored (batch norm); applied after the step. */
  stateUpdates: Array<{ variable: tf.Variable; value: tf.Tensor }>;
  /** Dropout at a named site (the trainer's seeded masks); absent outside training or at rate 0. */
  dropout?: (x: tf.Tensor, site: string) => tf.Tensor;
}

export interface ModelInput {
  x: tf.Tensor;
  /** The input batch transposed ([features, batch]), when the pipeline provides it (MLP). */
  xT?: tf.Tensor2D;
}

export interface NamedVariable {
  name: string;
  variable: tf.Variable;
  /** Weight decay applies (weights and embeddings; not biases or norm parameters). */
  decay: boolean;
}

/** A network as plain functions of variables: params in a fixed order, logits [N, classes] out. */
export interface Model {
  readonly name: string;
  readonly params: NamedVariable[];
  /** Non-trainable state saved in checkpoints (batch-norm running averages). */
  readonly state: NamedVariable[];
  forward(input: ModelInput, ctx: ForwardContext): tf.Tensor2D;
  dispose(): void;
}
