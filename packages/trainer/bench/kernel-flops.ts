// Why: the profiler reports GFLOP/s of the matmul and conv passes, so it needs each kernel's
// floating-point operation count (a multiply-add is 2) from its input shapes and attributes.

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** The profile group a kernel call belongs to and its FLOPs (0 where not counted). */
export function kernelFlops(kernelName: string, inputs: Record<string, readonly number[]>, attrs: Record<string, unknown>): { group: string; flops: number } {
  switch (kernelName) {
    case "Conv2D": {
      // x [B, H, W, Cin], filter [k, k, Cin, Cout]; 'same' output [B, ceil(H/s), ceil(W/s), Cout]
      const [b, h, w] = inputs["x"]!;
      const [kh, kw, cin, cout] = inputs["filter"]!;
      const stride = attrs["strides"];
      const s = Array.isArray(stride) ? (stride[0] as number) : (stride as number);
      const outPixels = Math.ceil(h! / s) * Math.ceil(w! / s);
      return { group: `Conv2D (stride ${s})`, flops: 2 * b! * outPixels * cout! * kh! * kw! * cin! };
    }
    case "GemSweepConv2DFilterGrad": {
      // x [B, H, W, Cin], dy [B, Ho, Wo, Cout], attrs k: the same multiply-adds as the forward conv
      const [, , , cin] = inputs["x"]!;
      const [b, ho, wo, cout] = inputs["dy"]!;
      const k = attrs["k"] as number;
      return { group: kernelName, flops: 2 * b! * ho! * wo! * cout! * k * k * cin! };
    }
    case "GemSweepConv2D": {
      const [b, h, w] = inputs["x"]!;
      const [k, , cin, cout] = inputs["filter"]!;
      const a = attrs as { stride: number; padTop: number; padBottom: number; padLeft: number; padRight: number };
      const ho = Math.floor((h! + a.padTop + a.padBottom - k!) / a.stride) + 1;
      const wo = Math.floor((w! + a.padLeft + a.padRight - k!) / a.stride) + 1;
      return { group: `${kernelName} (stride ${a.stride})`, flops: 2 * b! * ho * wo * cout! * k! * k! * cin! };
    }
    case "GemSweepConv2DInputGrad":
    case "Conv2DBackpropInput": {
      const [b, ho, wo, cout] = inputs["dy"]!;
      const [kh, kw, cin] = inputs["filter"]!;
      return { group: kernelName, flops: 2 * b! * ho! * wo! * cout! * kh! * kw! * cin! };
    }
    case "GemSweepMatMul": {
      const [a0, a1] = inputs["a"]!;
      const [k, n] = inputs["b"]!;
      const m = attrs["transposeA"] ? a1! : a0!;
      return { group: kernelName, flops: 2 * m * n! * k! };
    }
    case "BatchMatMul":
    case "_FusedMatMul": {
      const a = inputs["a"]!;
      const bShape = inputs["b"]!;
      const m = attrs["transposeA"] ? a[a.length - 1]! : a[a.length - 2]!;
      const k = attrs["transposeA"] ? a[a.length - 2]! : a[a.length - 1]!;
      const n = attrs["transposeB"] ? bShape[bShape.length - 2]! : bShape[bShape.length - 1]!;
      const batch = product(a.slice(0, -2));
      return { group: `MatMul${attrs["transposeA"] || attrs["transposeB"] ? " (transposed)" : ""}`, flops: 2 * batch * m * n * k };
    }
    default:
      return { group: kernelName, flops: 0 };
  }
}
