// The filter gradient of a 2-D convolution as WGSL programs for tfjs-webgpu's runWebGPUProgram
// (GemSweepConv2DFilterGrad on webgpu): dW = sum over every output pixel of x's patch times dy,
// split over the pixels ("split-K": each invocation owns one dW element and one slice of the
// pixels), then the slices summed. Two programs per convolution, one when a single slice suffices,
// where the im2col route it replaces took ~16 (a pad, nine slices, concatenations, transposes, a
// matMul). Shapes are uniforms: one pipeline serves every convolution.

const WORKGROUP = 256;
/** Invocations worth having in flight (about what a large GPU keeps resident); the slices are chosen to reach it. */
const TARGET_INVOCATIONS = 1 << 18;
/** Each invocation sums at least this many pixels, and there are at most this many slices. */
const MIN_PIXELS_PER_SLICE = 32;
const MAX_SLICES = 4096;

export interface FilterGradLayout {
  /** dW's size, k * k * cin * cout */
  outputs: number;
  /** output pixels summed over, batch * ho * wo */
  pixels: number;
  slices: number;
  pixelsPerSlice: number;
}

/** How the pixels are sliced for a dW of `outputs` elements: enough invocations to fill a GPU, none idle. */
export function filterGradLayout(outputs: number, pixels: number): FilterGradLayout {
  const wanted = Math.ceil(TARGET_INVOCATIONS / Math.max(1, outputs));
  const slices = Math.max(1, Math.min(wanted, MAX_SLICES, Math.ceil(pixels / MIN_PIXELS_PER_SLICE)));
  return { outputs, pixels, slices, pixelsPerSlice: Math.ceil(pixels / slices) };
}

type Uniform = { type: "int32"; data: number[] };

export interface FilterGradProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms: string;
  uniformValues: Uniform[];
  getUserCode(): string;
}

export interface ConvGeometry {
  k: number;
  stride: number;
  padTop: number;
  padLeft: number;
  /** x [batch, h, w, cin], dy [batch, ho, wo, cout] */
  h: number;
  w: number;
  cin: number;
  ho: number;
  wo: number;
  cout: number;
}

/** Per slice s and dW element o: the sum over the slice's pixels, into [slices, outputs] (dW's own shape with one slice). */
class SlicePartialsProgram implements FilterGradProgram {
  readonly variableNames = ["X", "Dy"];
  readonly outputShape: number[];
  readonly shaderKey = "gemsweep_conv_filter_grad_slices";
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly uniforms =
    "fgK : i32, fgStride : i32, fgPadTop : i32, fgPadLeft : i32, fgH : i32, fgW : i32, fgCin : i32, fgHo : i32, fgWo : i32, fgCout : i32, fgOutputs : i32, fgPixels : i32, fgPixelsPerSlice : i32,";
  readonly uniformValues: Uniform[];

  constructor(g: ConvGeometry, layout: FilterGradLayout, dwShape: number[]) {
    this.outputShape = layout.slices === 1 ? dwShape : [layout.slices, layout.outputs];
    this.dispatch = [Math.ceil(layout.outputs / WORKGROUP), layout.slices, 1];
    this.uniformValues = [g.k, g.stride, g.padTop, g.padLeft, g.h, g.w, g.cin, g.ho, g.wo, g.cout, layout.outputs, layout.pixels, layout.pixelsPerSlice].map((v) => ({ type: "int32" as const, data: [v] }));
  }

  getUserCode(): string {
    return `
fn main(index : i32) {
  let o = i32(workgroupId.x) * ${WORKGROUP} + i32(localIndex);
  let slice = i32(workgroupId.y);
  if (o >= uniforms.fgOutputs) {
    return;
  }
  let co = o % uniforms.fgCout;
  let ci = (o / uniforms.fgCout) % uniforms.fgCin;
  let tap = o / (uniforms.fgCout * uniforms.fgCin);
  let kh = tap / uniforms.fgK;
  let kw = tap % uniforms.fgK;
  let first = slice * uniforms.fgPixelsPerSlice;
  let last = min(first + uniforms.fgPixelsPerSlice, uniforms.fgPixels);
  // the first pixel's (image, row, column), then stepped along without divisions
  var ox = first % uniforms.fgWo;
  var oy = (first / uniforms.fgWo) % uniforms.fgHo;
  var n = first / (uniforms.fgWo * uniforms.fgHo);
  var sum = 0.0;
  for (var p = first; p < last; p = p + 1) {
    let iy = oy * uniforms.fgStride + kh - uniforms.fgPadTop;
    let ix = ox * uniforms.fgStride + kw - uniforms.fgPadLeft;
    if (iy >= 0 && iy < uniforms.fgH && ix >= 0 && ix < uniforms.fgW) {
      sum = sum + X[((n * uniforms.fgH + iy) * uniforms.fgW + ix) * uniforms.fgCin + ci] * Dy[p * uniforms.fgCout + co];
    }
    ox = ox + 1;
    if (ox == uniforms.fgWo) {
      ox = 0;
      oy = oy + 1;
      if (oy == uniforms.fgHo) {
        oy = 0;
        n = n + 1;
      }
    }
  }
  result[slice * uniforms.fgOutputs + o] = sum;
}
`;
  }
}

/** dW[o] = the sum of the slices' partial sums, in slice order. */
class SumSlicesProgram implements FilterGradProgram {
  readonly variableNames = ["Partials"];
  readonly outputShape: number[];
  readonly shaderKey = "gemsweep_conv_filter_grad_sum";
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly uniforms = "fgOutputs : i32, fgSlices : i32,";
  readonly uniformValues: Uniform[];

  constructor(layout: FilterGradLayout, dwShape: number[]) {
    this.outputShape = dwShape;
    this.dispatch = [Math.ceil(layout.outputs / WORKGROUP), 1, 1];
    this.uniformValues = [
      { type: "int32", data: [layout.outputs] },
      { type: "int32", data: [layout.slices] },
    ];
  }

  getUserCode(): string {
    return `
fn main(o : i32) {
  if (o < uniforms.fgOutputs) {
    var sum = 0.0;
    for (var s = 0; s < uniforms.fgSlices; s = s + 1) {
      sum = sum + Partials[s * uniforms.fgOutputs + o];
    }
    result[o] = sum;
  }
}
`;
  }
}

/** The programs of one filter gradient: the slices' sums, and their total (absent with one slice). */
export function filterGradPrograms(g: ConvGeometry, batch: number): { slices: FilterGradProgram; sum?: FilterGradProgram } {
  const dwShape = [g.k, g.k, g.cin, g.cout];
  const layout = filterGradLayout(g.k * g.k * g.cin * g.cout, batch * g.ho * g.wo);
  const slices = new SlicePartialsProgram(g, layout, dwShape);
  return layout.slices === 1 ? { slices } : { slices, sum: new SumSlicesProgram(layout, dwShape) };
}
