// Training-mode batch norm and its gradient as WGSL programs for tfjs-webgpu's runWebGPUProgram
// (GemSweepBatchNorm / GemSweepBatchNormGrad on webgpu): per-channel reductions over every row of
// an [M, C] view in two levels (a block of rows per workgroup, then the blocks), instead of tfjs'
// moments and sums over leading axes (each a transpose of the whole tensor, then a reduction).
// Forward: 4 programs (statistics per block, mean, variance, y); backward: 5 (sums per block,
// the dx coefficients, dgamma, dbeta, dx). The arithmetic is the cpu loops' (batch-norm.ts).

const WORKGROUP = 256;
/** Rows of the [M, C] view one workgroup reduces (the last block may have fewer). */
const ROWS_PER_BLOCK = 1024;
/** At most this many blocks (a workgroup-grid dimension stays far below WebGPU's 65,535). */
const MAX_BLOCKS = 16384;

/** How the rows are split into blocks, and a workgroup's threads over channels and rows. */
export interface BlockLayout {
  rows: number;
  channels: number;
  rowsPerBlock: number;
  blocks: number;
  /** Channels per workgroup (min(C, 256)) and rows read at once (256 / that, rounded down). */
  channelTile: number;
  rowLanes: number;
  tiles: number;
}

export function blockLayout(rows: number, channels: number): BlockLayout {
  const blocks = Math.max(1, Math.min(MAX_BLOCKS, Math.ceil(rows / ROWS_PER_BLOCK)));
  const channelTile = Math.min(channels, WORKGROUP);
  return { rows, channels, blocks, rowsPerBlock: Math.max(1, Math.ceil(rows / blocks)), channelTile, rowLanes: Math.floor(WORKGROUP / channelTile), tiles: Math.ceil(channels / channelTile) };
}

type Uniform = { type: "float32" | "int32"; data: number[] };

/** The shape of a tfjs-webgpu program (the fields runWebGPUProgram reads), with its uniforms' values. */
export interface BatchNormProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size?: boolean;
  uniforms: string;
  uniformValues: Uniform[];
  getUserCode(): string;
}

const layoutUniforms = "bnRows : i32, bnChannels : i32, bnRowsPerBlock : i32, bnBlocks : i32, bnEps : f32,";
const layoutValues = (l: BlockLayout, eps: number): Uniform[] => [
  { type: "int32", data: [l.rows] },
  { type: "int32", data: [l.channels] },
  { type: "int32", data: [l.rowsPerBlock] },
  { type: "int32", data: [l.blocks] },
  { type: "float32", data: [eps] },
];

/** Rows in block k, as f32 (WGSL). */
const BLOCK_COUNT = `fn bnBlockCount(k : i32) -> f32 {
  return f32(min(uniforms.bnRowsPerBlock, uniforms.bnRows - k * uniforms.bnRowsPerBlock));
}`;

type PartialKind = "statistics" | "gradient sums";

/**
 * Per block of rows and channel, two numbers into [blocks, 2, C]: "statistics" reads X and gives the
 * block's mean and sum of squared deviations (Welford per thread, Chan's merge across threads);
 * "gradient sums" reads Dy, X and Mean and gives sum dy and sum dy (x - mean).
 */
class BlockPartialsProgram implements BatchNormProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0, 1, 2] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly uniforms = layoutUniforms;
  readonly uniformValues: Uniform[];

  constructor(
    private readonly kind: PartialKind,
    private readonly layout: BlockLayout,
    eps: number,
  ) {
    this.variableNames = kind === "statistics" ? ["X"] : ["Dy", "X", "Mean"];
    this.outputShape = [layout.blocks, 2, layout.channels];
    this.shaderKey = `gemsweep_bn_partials_${kind === "statistics" ? "stats" : "grad"}_${layout.channelTile}`;
    this.dispatch = [layout.tiles, layout.blocks, 1];
    this.uniformValues = layoutValues(layout, eps);
  }

  getUserCode(): string {
    const { channelTile: ct, rowLanes: r } = this.layout;
    const stats = this.kind === "statistics";
    const accumulate = stats
      ? `let v = X[row * uniforms.bnChannels + ch];
        n = n + 1.0;
        let d = v - a;
        a = a + d / n;
        b = b + d * (v - a);`
      : `let i = row * uniforms.bnChannels + ch;
        let dy = Dy[i];
        a = a + dy;
        b = b + dy * (X[i] - Mean[ch]);`;
    const merge = stats
      ? `let nb = sn[other];
        if (nb > 0.0) {
          let total = n + nb;
          let delta = sa[other] - a;
          a = a + delta * nb / total;
          b = b + sb[other] + delta * delta * n * nb / total;
          n = total;
        }`
      : `a = a + sa[other];
        b = b + sb[other];`;
    return `
var<workgroup> sn : array<f32, ${WORKGROUP}>;
var<workgroup> sa : array<f32, ${WORKGROUP}>;
var<workgroup> sb : array<f32, ${WORKGROUP}>;

fn main(index : i32) {
  let lane = i32(localIndex);
  let block = i32(workgroupId.y);
  let ch = i32(workgroupId.x) * ${ct} + lane % ${ct};
  let inRange = lane < ${ct * r} && ch < uniforms.bnChannels;
  let rowEnd = min((block + 1) * uniforms.bnRowsPerBlock, uniforms.bnRows);
  var n = 0.0;
  var a = 0.0;
  var b = 0.0;
  if (inRange) {
    for (var row = block * uniforms.bnRowsPerBlock + lane / ${ct}; row < rowEnd; row = row + ${r}) {
      ${accumulate}
    }
  }
  sn[lane] = n;
  sa[lane] = a;
  sb[lane] = b;
  workgroupBarrier();
  if (lane < ${ct} && ch < uniforms.bnChannels) {
    for (var k = 1; k < ${r}; k = k + 1) {
      let other = lane + k * ${ct};
      ${merge}
    }
    result[(block * 2) * uniforms.bnChannels + ch] = a;
    result[(block * 2 + 1) * uniforms.bnChannels + ch] = b;
  }
}
`;
  }
}

/** One invocation per channel (64 to a workgroup), over the blocks' partial sums. */
abstract class PerChannelProgram implements BatchNormProgram {
  abstract readonly variableNames: string[];
  readonly outputShape: number[];
  abstract readonly shaderKey: string;
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [64, 1, 1];
  readonly uniforms = layoutUniforms;
  readonly uniformValues: Uniform[];

  constructor(layout: BlockLayout, eps: number, outputRows: number) {
    this.outputShape = outputRows === 1 ? [layout.channels] : [outputRows, layout.channels];
    this.dispatch = [Math.ceil(layout.channels / 64), 1, 1];
    this.uniformValues = layoutValues(layout, eps);
  }
  abstract getUserCode(): string;
}

/** The batch mean or (biased) variance [C], merging the blocks' statistics (Chan et al.). */
class StatisticProgram extends PerChannelProgram {
  readonly variableNames = ["Partials"];
  readonly shaderKey: string;
  constructor(
    private readonly which: "mean" | "variance",
    layout: BlockLayout,
  ) {
    super(layout, 0, 1);
    this.shaderKey = `gemsweep_bn_${which}`;
  }
  getUserCode(): string {
    return `
${BLOCK_COUNT}
fn main(ch : i32) {
  if (ch < uniforms.bnChannels) {
    let c = uniforms.bnChannels;
    var n = 0.0;
    var mean = 0.0;
    var m2 = 0.0;
    for (var k = 0; k < uniforms.bnBlocks; k = k + 1) {
      let nb = bnBlockCount(k);
      let total = n + nb;
      let delta = Partials[(k * 2) * c + ch] - mean;
      mean = mean + delta * nb / total;
      m2 = m2 + Partials[(k * 2 + 1) * c + ch] + delta * delta * n * nb / total;
      n = total;
    }
    result[ch] = ${this.which === "mean" ? "mean" : "m2 / n"};
  }
}
`;
  }
}

/** y = x scale + shift per channel, scale = gamma / sqrt(variance + eps), shift = beta - mean scale. */
class NormalizeProgram implements BatchNormProgram {
  readonly variableNames = ["X", "Mean", "Variance", "Gamma", "Beta"];
  readonly outputShape: number[];
  readonly shaderKey = "gemsweep_bn_normalize";
  readonly dispatchLayout = { x: [0, 1] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly uniforms = layoutUniforms;
  readonly uniformValues: Uniform[];
  constructor(layout: BlockLayout, eps: number) {
    this.outputShape = [layout.rows, layout.channels];
    this.dispatch = [Math.ceil((layout.rows * layout.channels) / WORKGROUP), 1, 1];
    this.uniformValues = layoutValues(layout, eps);
  }
  getUserCode(): string {
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    let ch = index % uniforms.bnChannels;
    let scale = Gamma[ch] / sqrt(Variance[ch] + uniforms.bnEps);
    let shift = Beta[ch] - Mean[ch] * scale;
    setOutputAtIndex(index, X[index] * scale + shift);
  }
}
`;
  }
}

/** The sums s1 = sum dy and s2 = sum dy (x - mean) of channel ch, from the blocks' partial sums (WGSL). */
const GRAD_SUMS = `fn bnGradSums(ch : i32) -> vec2<f32> {
  var s = vec2<f32>(0.0, 0.0);
  for (var k = 0; k < uniforms.bnBlocks; k = k + 1) {
    s = s + vec2<f32>(Partials[(k * 2) * uniforms.bnChannels + ch], Partials[(k * 2 + 1) * uniforms.bnChannels + ch]);
  }
  return s;
}`;

/**
 * [3, C]: a, b, d of dx = a dy + b x + d (batchNormGradCoefficients), gradients arriving at the
 * mean and variance outputs included.
 */
class GradCoefficientsProgram extends PerChannelProgram {
  readonly variableNames = ["Partials", "Mean", "Variance", "Gamma", "Dmean", "Dvariance"];
  readonly shaderKey = "gemsweep_bn_grad_coefficients";
  constructor(layout: BlockLayout, eps: number) {
    super(layout, eps, 3);
  }
  getUserCode(): string {
    return `
${GRAD_SUMS}
fn main(ch : i32) {
  if (ch < uniforms.bnChannels) {
    let c = uniforms.bnChannels;
    let n = f32(uniforms.bnRows);
    let s = bnGradSums(ch);
    let r = 1.0 / sqrt(Variance[ch] + uniforms.bnEps);
    let g = Gamma[ch];
    let bb = (-g * r * r * r * s.y) / n + (2.0 * Dvariance[ch]) / n;
    result[ch] = g * r;
    result[c + ch] = bb;
    result[2 * c + ch] = (-g * r * s.x) / n + Dmean[ch] / n - bb * Mean[ch];
  }
}
`;
  }
}

/** dgamma = s2 / sqrt(variance + eps) (inputs Partials, Variance), or dbeta = s1 (Partials only: an unused binding would be an error), [C]. */
class ParamGradProgram extends PerChannelProgram {
  readonly variableNames: string[];
  readonly shaderKey: string;
  constructor(
    private readonly which: "dgamma" | "dbeta",
    layout: BlockLayout,
    eps: number,
  ) {
    super(layout, eps, 1);
    this.variableNames = which === "dgamma" ? ["Partials", "Variance"] : ["Partials"];
    this.shaderKey = `gemsweep_bn_${which}`;
  }
  getUserCode(): string {
    return `
${GRAD_SUMS}
fn main(ch : i32) {
  if (ch < uniforms.bnChannels) {
    let s = bnGradSums(ch);
    result[ch] = ${this.which === "dgamma" ? "s.y / sqrt(Variance[ch] + uniforms.bnEps)" : "s.x"};
  }
}
`;
  }
}

/** dx = a dy + b x + d per channel, from GradCoefficientsProgram's [3, C]. */
class InputGradProgram implements BatchNormProgram {
  readonly variableNames = ["Dy", "X", "Coefficients"];
  readonly outputShape: number[];
  readonly shaderKey = "gemsweep_bn_input_grad";
  readonly dispatchLayout = { x: [0, 1] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly uniforms = layoutUniforms;
  readonly uniformValues: Uniform[];
  constructor(layout: BlockLayout) {
    this.outputShape = [layout.rows, layout.channels];
    this.dispatch = [Math.ceil((layout.rows * layout.channels) / WORKGROUP), 1, 1];
    this.uniformValues = layoutValues(layout, 0);
  }
  getUserCode(): string {
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    let c = uniforms.bnChannels;
    let ch = index % c;
    setOutputAtIndex(index, Coefficients[ch] * Dy[index] + Coefficients[c + ch] * X[index] + Coefficients[2 * c + ch]);
  }
}
`;
  }
}

/** The forward's programs, in order: block statistics, mean, variance, y. */
export function batchNormForwardPrograms(layout: BlockLayout, eps: number) {
  return {
    partials: new BlockPartialsProgram("statistics", layout, eps),
    mean: new StatisticProgram("mean", layout),
    variance: new StatisticProgram("variance", layout),
    normalize: new NormalizeProgram(layout, eps),
  };
}

/** The backward's programs, in order: block sums, dx coefficients, dgamma, dbeta, dx. */
export function batchNormGradPrograms(layout: BlockLayout, eps: number) {
  return {
    partials: new BlockPartialsProgram("gradient sums", layout, eps),
    coefficients: new GradCoefficientsProgram(layout, eps),
    dgamma: new ParamGradProgram("dgamma", layout, eps),
    dbeta: new ParamGradProgram("dbeta", layout, eps),
    inputGrad: new InputGradProgram(layout),
  };
}
