// The optimizers' per-parameter updates as WGSL compute programs (GemSweepAdamUpdate and
// GemSweepMomentumUpdate on webgpu): the same arithmetic as adamLoop / momentumLoop, the slots
// written in place, the new weights into a new buffer, and each workgroup's sum of g^2 into a
// partial sums buffer (summed on the device by the caller: no read-back).

/** Threads per workgroup (a power of two: the partial sum is a tree over them). */
export const OPTIMIZER_WORKGROUP_SIZE = 256;
/** At most this many workgroups: larger parameters are covered by a grid-stride loop. */
export const OPTIMIZER_MAX_WORKGROUPS = 1024;

/** Workgroups (= partial sums) of the update of an n-element parameter. */
export function optimizerWorkgroups(n: number): number {
  return Math.max(1, Math.min(OPTIMIZER_MAX_WORKGROUPS, Math.ceil(n / OPTIMIZER_WORKGROUP_SIZE)));
}

const SIZE = OPTIMIZER_WORKGROUP_SIZE;

/** The grid-stride loop around `body` (which reads g0 = g[i] and may add to nothing else), then the workgroup's sum of g^2 into partials. */
function updateShader(uniforms: string, bindings: string, partialsBinding: number, body: string): string {
  return /* wgsl */ `
struct Uniforms { ${uniforms} n : u32, };
${bindings}
@group(0) @binding(${partialsBinding}) var<storage, read_write> partials : array<f32>;
@group(0) @binding(${partialsBinding + 1}) var<uniform> u : Uniforms;
var<workgroup> sums : array<f32, ${SIZE}>;

@compute @workgroup_size(${SIZE})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(workgroup_id) wid : vec3<u32>,
        @builtin(num_workgroups) groups : vec3<u32>) {
  let stride = groups.x * ${SIZE}u;
  var sumSq = 0.0;
  for (var i = wid.x * ${SIZE}u + lid; i < u.n; i = i + stride) {
    let g0 = g[i];
    sumSq = sumSq + g0 * g0;
    ${body}
  }
  sums[lid] = sumSq;
  workgroupBarrier();
  for (var half = ${SIZE / 2}u; half > 0u; half = half >> 1u) {
    if (lid < half) {
      sums[lid] = sums[lid] + sums[lid + half];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    partials[wid.x] = sums[0];
  }
}
`;
}

/**
 * Adam: bindings 0 g, 1 w (read), 2 m, 3 v (read_write, in place), 4 the new weights, 5 the
 * partial sums, 6 the uniforms b1, 1 - b1, b2, 1 - b2, stepLr, bc2, eps, l2, decoupled, n.
 */
export function adamWgsl(): string {
  return updateShader(
    "b1 : f32, oneMinusB1 : f32, b2 : f32, oneMinusB2 : f32, stepLr : f32, bc2 : f32, eps : f32, l2 : f32, decoupled : f32,",
    `@group(0) @binding(0) var<storage, read> g : array<f32>;
@group(0) @binding(1) var<storage, read> w : array<f32>;
@group(0) @binding(2) var<storage, read_write> m : array<f32>;
@group(0) @binding(3) var<storage, read_write> v : array<f32>;
@group(0) @binding(4) var<storage, read_write> next : array<f32>;`,
    5,
    `let wi = w[i];
    let gi = g0 + u.l2 * wi;
    let mi = u.b1 * m[i] + u.oneMinusB1 * gi;
    let vi = u.b2 * v[i] + u.oneMinusB2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    next[i] = wi * u.decoupled - u.stepLr * mi / (sqrt(vi / u.bc2) + u.eps);`,
  );
}

/**
 * SGD with momentum: bindings 0 g, 1 w (read), 2 the velocity (read_write, in place), 3 the new
 * weights, 4 the partial sums, 5 the uniforms lr, momentum, l2, n.
 */
export function momentumWgsl(): string {
  return updateShader(
    "lr : f32, momentum : f32, l2 : f32,",
    `@group(0) @binding(0) var<storage, read> g : array<f32>;
@group(0) @binding(1) var<storage, read> w : array<f32>;
@group(0) @binding(2) var<storage, read_write> velocity : array<f32>;
@group(0) @binding(3) var<storage, read_write> next : array<f32>;`,
    4,
    `let wi = w[i];
    let vi = u.momentum * velocity[i] + g0 + u.l2 * wi;
    velocity[i] = vi;
    next[i] = wi - u.lr * vi;`,
  );
}
