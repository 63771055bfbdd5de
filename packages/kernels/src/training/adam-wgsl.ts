// Adam / AdamW's whole update of one parameter as one WGSL compute program (GemSweepAdamUpdate on
// webgpu): the same arithmetic as adamLoop, both moments written in place, the new weights into a
// new buffer, and each workgroup's sum of g^2 into a partial sums buffer (summed on the device by
// the caller: no read-back).

/** Threads per workgroup (a power of two: the partial sum is a tree over them). */
export const ADAM_WORKGROUP_SIZE = 256;
/** At most this many workgroups: larger parameters are covered by a grid-stride loop. */
export const ADAM_MAX_WORKGROUPS = 1024;

/** Workgroups (= partial sums) of the update of an n-element parameter. */
export function adamWorkgroups(n: number): number {
  return Math.max(1, Math.min(ADAM_MAX_WORKGROUPS, Math.ceil(n / ADAM_WORKGROUP_SIZE)));
}

/**
 * Bindings: 0 g, 1 w (read), 2 m, 3 v (read_write, in place), 4 the new weights, 5 the partial
 * sums (one per workgroup), 6 the uniforms, in the order adamUniforms lists them.
 */
export function adamWgsl(): string {
  return /* wgsl */ `
struct AdamUniforms {
  b1 : f32, oneMinusB1 : f32, b2 : f32, oneMinusB2 : f32,
  stepLr : f32, bc2 : f32, eps : f32, l2 : f32, decoupled : f32, n : u32,
};
@group(0) @binding(0) var<storage, read> g : array<f32>;
@group(0) @binding(1) var<storage, read> w : array<f32>;
@group(0) @binding(2) var<storage, read_write> m : array<f32>;
@group(0) @binding(3) var<storage, read_write> v : array<f32>;
@group(0) @binding(4) var<storage, read_write> next : array<f32>;
@group(0) @binding(5) var<storage, read_write> partials : array<f32>;
@group(0) @binding(6) var<uniform> u : AdamUniforms;
var<workgroup> sums : array<f32, ${ADAM_WORKGROUP_SIZE}>;

@compute @workgroup_size(${ADAM_WORKGROUP_SIZE})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(workgroup_id) wid : vec3<u32>,
        @builtin(num_workgroups) groups : vec3<u32>) {
  let stride = groups.x * ${ADAM_WORKGROUP_SIZE}u;
  var sumSq = 0.0;
  for (var i = wid.x * ${ADAM_WORKGROUP_SIZE}u + lid; i < u.n; i = i + stride) {
    let g0 = g[i];
    sumSq = sumSq + g0 * g0;
    let wi = w[i];
    let gi = g0 + u.l2 * wi;
    let mi = u.b1 * m[i] + u.oneMinusB1 * gi;
    let vi = u.b2 * v[i] + u.oneMinusB2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    next[i] = wi * u.decoupled - u.stepLr * mi / (sqrt(vi / u.bc2) + u.eps);
  }
  sums[lid] = sumSq;
  workgroupBarrier();
  for (var half = ${ADAM_WORKGROUP_SIZE / 2}u; half > 0u; half = half >> 1u) {
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
