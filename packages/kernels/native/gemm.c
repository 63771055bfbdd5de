// GemSweepMatMul's products as native code, on the tfjs wasm backend's own heap: C = A B, A^T B,
// A B^T or A^T B^T, or C += that product. WebAssembly SIMD has 128-bit vectors; this CPU code uses 512-bit (AVX-512)
// or 256-bit (AVX2 + FMA) ones, chosen when the addon loads, for twice the multiply-adds per cycle.
//
// Each C element is summed exactly as the wasm microkernel sums it (matmul-simd-module.ts): one
// fused multiply-add per k in order from 0, then stored, or added to C's old value. So where the
// wasm path uses the fused multiply-add (expr/multiply-add.ts), both give the same bits, and the
// addon changes speed, not results. kernels/native-gemm.ts loads it (built by scripts/build-native.sh).
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** Floats per vector of each variant, looked up by its name (VL_OF_##NAME in the macros below). */
#define VL_OF_gemm_avx512 16
#define VL_OF_gemm_avx2 8
#define VL_OF_gemm_baseline 4

/** A tile of C is MR rows by NR_VECTORS vectors; packed A and B are zero-padded to whole tiles. */
#define MR 6
#define NR_VECTORS 2

/** A reusable 64-byte aligned scratch buffer (single-threaded: tfjs kernels run on one thread). */
typedef struct {
  float *data;
  size_t floats;
} scratch_t;

static float *scratch(scratch_t *s, size_t floats) {
  if (s->floats < floats) {
    free(s->data);
    s->data = aligned_alloc(64, ((floats * sizeof(float) + 63) / 64) * 64);
    s->floats = s->data ? floats : 0;
  }
  return s->data;
}

static scratch_t packed_a, packed_b;

/**
 * One GEMM per vector type: packs B (or B^T's rows, for A B^T) into panels of NR columns ([k][NR], zero columns past n) and
 * a last, partial block of A's rows ([k][MR], zero rows past m); reads A's full 6-row blocks where
 * they lie (A B or A^T B: one block is 6 rows or 6 contiguous columns, a few KiB, L1-resident
 * across the panels); runs the MR x NR register tile over every block and panel with the whole k
 * in registers.
 */
#define DEFINE_GEMM(NAME, TARGET)                                                                              \
  typedef float NAME##_v __attribute__((vector_size(VL_OF_##NAME * 4), aligned(VL_OF_##NAME * 4)));                                    \
  TARGET static void NAME(const float *a, const float *b, float *c, uint32_t m, uint32_t n, uint32_t k, bool transpose_a, \
                          bool transpose_b, bool accumulate, float *pa, float *pb) {                               \
    enum { NR = NR_VECTORS * VL_OF_##NAME };                                                                                 \
    const uint32_t blocks = (m + MR - 1) / MR, panels = (n + NR - 1) / NR;                                         \
    const uint32_t full = m / MR; /* blocks read in place; only a last, partial one is packed */                 \
    for (uint32_t kk = 0; kk < k && full < blocks; kk++)                                                           \
      for (uint32_t r = 0; r < MR; r++) {                                                                          \
        const uint32_t i = full * MR + r;                                                                          \
        pa[(size_t)kk * MR + r] = i < m ? (transpose_a ? a[(size_t)kk * m + i] : a[(size_t)i * k + kk]) : 0.0f;   \
      }                                                                                                            \
    for (uint32_t jb = 0; jb < panels; jb++) {                                                                     \
      const uint32_t j0 = jb * NR, width = n - j0 < NR ? n - j0 : NR;                                              \
      float *panel = pb + (size_t)jb * k * NR;                                                                     \
      if (transpose_b) /* b is [n][k]: column j of the panel is b's row j0 + j, read along */                     \
        for (uint32_t j = 0; j < NR; j++)                                                                          \
          for (uint32_t kk = 0; kk < k; kk++) panel[(size_t)kk * NR + j] = j < width ? b[(size_t)(j0 + j) * k + kk] : 0.0f; \
      else                                                                                                         \
        for (uint32_t kk = 0; kk < k; kk++) {                                                                      \
          memcpy(panel + (size_t)kk * NR, b + (size_t)kk * n + j0, width * sizeof(float));                         \
          memset(panel + (size_t)kk * NR + width, 0, (NR - width) * sizeof(float));                               \
        }                                                                                                          \
    }                                                                                                              \
    for (uint32_t ib = 0; ib < blocks; ib++)                                                                       \
      for (uint32_t jb = 0; jb < panels; jb++) {                                                                   \
        const bool packed = ib == full;                                                                            \
        const float *ap = packed ? pa : a + (transpose_a ? (size_t)ib * MR : (size_t)ib * MR * k);                 \
        const size_t a_row = packed || transpose_a ? 1 : k, a_k = packed ? MR : transpose_a ? m : 1;               \
        const NAME##_v *bp = (const NAME##_v *)(pb + (size_t)jb * k * NR);                                         \
        NAME##_v acc[MR][NR_VECTORS] = {{{0}}};                                                                    \
        for (uint32_t kk = 0; kk < k; kk++) {                                                                      \
          const NAME##_v b0 = bp[kk * NR_VECTORS], b1 = bp[kk * NR_VECTORS + 1];                                   \
          _Pragma("GCC unroll 6") for (uint32_t r = 0; r < MR; r++) {                                              \
            const NAME##_v av = (NAME##_v){0} + ap[kk * a_k + r * a_row];                                          \
            acc[r][0] += av * b0;                                                                                  \
            acc[r][1] += av * b1;                                                                                  \
          }                                                                                                        \
        }                                                                                                          \
        const uint32_t i0 = ib * MR, j0 = jb * NR;                                                                 \
        const uint32_t rows = m - i0 < MR ? m - i0 : MR, cols = n - j0 < NR ? n - j0 : NR;                         \
        for (uint32_t r = 0; r < rows; r++) {                                                                      \
          const float *tile = (const float *)acc[r];                                                               \
          float *out = c + (size_t)(i0 + r) * n + j0;                                                              \
          if (accumulate)                                                                                          \
            for (uint32_t j = 0; j < cols; j++) out[j] = out[j] + tile[j];                                         \
          else                                                                                                     \
            memcpy(out, tile, cols * sizeof(float));                                                               \
        }                                                                                                          \
      }                                                                                                            \
  }

/**
 * The same product without packing, for small matrices with n % VL == 0 (Winograd's per-position
 * products, m ~50-130 and k, n 16-64, where packing cost more than it saved): A is broadcast from
 * where it lies (row i, step kk at a[i * a_row + kk * a_k]), B's rows are read in place. Tiles of
 * 6 rows (then single rows) by 2 vectors (then 1).
 */
#define DIRECT_TILE(NAME, R, NV)                                                                                   \
  {                                                                                                                \
    NAME##_v acc[R][NV] = {{{0}}};                                                                                 \
    for (uint32_t kk = 0; kk < k; kk++) {                                                                          \
      NAME##_v bv[NV];                                                                                             \
      _Pragma("GCC unroll 2") for (int v = 0; v < NV; v++) bv[v] = *(const NAME##_u *)(b + (size_t)kk * n + j0 + v * VL_OF_##NAME); \
      _Pragma("GCC unroll 6") for (int r = 0; r < R; r++) {                                                        \
        const NAME##_v av = (NAME##_v){0} + a[(size_t)(i0 + r) * a_row + (size_t)kk * a_k];                        \
        _Pragma("GCC unroll 2") for (int v = 0; v < NV; v++) acc[r][v] += av * bv[v];                             \
      }                                                                                                            \
    }                                                                                                              \
    for (int r = 0; r < R; r++) {                                                                                  \
      float *out = c + (size_t)(i0 + r) * n + j0;                                                                  \
      const float *tile = (const float *)acc[r];                                                                   \
      if (accumulate)                                                                                              \
        for (int j = 0; j < NV * VL_OF_##NAME; j++) out[j] = out[j] + tile[j];                                     \
      else                                                                                                         \
        memcpy(out, tile, NV * VL_OF_##NAME * sizeof(float));                                                      \
    }                                                                                                              \
  }

#define DEFINE_DIRECT(NAME, TARGET)                                                                                \
  typedef float NAME##_u __attribute__((vector_size(VL_OF_##NAME * 4), aligned(4)));                               \
  TARGET static void NAME##_direct(const float *a, const float *b, float *c, uint32_t m, uint32_t n, uint32_t k,   \
                                   bool transpose_a, bool accumulate) {                                           \
    const size_t a_row = transpose_a ? 1 : k, a_k = transpose_a ? m : 1;                                           \
    const uint32_t full = m - m % MR;                                                                              \
    for (uint32_t j0 = 0; j0 < n;) {                                                                               \
      if (n - j0 >= 2 * VL_OF_##NAME) {                                                                            \
        for (uint32_t i0 = 0; i0 < full; i0 += MR) DIRECT_TILE(NAME, MR, 2)                                        \
        for (uint32_t i0 = full; i0 < m; i0++) DIRECT_TILE(NAME, 1, 2)                                             \
        j0 += 2 * VL_OF_##NAME;                                                                                    \
      } else {                                                                                                     \
        for (uint32_t i0 = 0; i0 < full; i0 += MR) DIRECT_TILE(NAME, MR, 1)                                        \
        for (uint32_t i0 = full; i0 < m; i0++) DIRECT_TILE(NAME, 1, 1)                                             \
        j0 += VL_OF_##NAME;                                                                                        \
      }                                                                                                            \
    }                                                                                                              \
  }

#define AVX512 __attribute__((target("avx512f,fma")))
#define AVX2 __attribute__((target("avx2,fma")))
DEFINE_GEMM(gemm_avx512, AVX512)
DEFINE_GEMM(gemm_avx2, AVX2)
DEFINE_GEMM(gemm_baseline, )
DEFINE_DIRECT(gemm_avx512, AVX512)
DEFINE_DIRECT(gemm_avx2, AVX2)
DEFINE_DIRECT(gemm_baseline, )

typedef void gemm_fn(const float *, const float *, float *, uint32_t, uint32_t, uint32_t, bool, bool, bool, float *, float *);
typedef void direct_fn(const float *, const float *, float *, uint32_t, uint32_t, uint32_t, bool, bool);
static gemm_fn *gemm_impl;
static direct_fn *direct_impl;
static const char *gemm_isa;
static uint32_t gemm_nr, gemm_vl;

static void choose_isa(void) {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    gemm_impl = gemm_avx512, direct_impl = gemm_avx512_direct, gemm_isa = "AVX-512", gemm_vl = VL_OF_gemm_avx512;
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    gemm_impl = gemm_avx2, direct_impl = gemm_avx2_direct, gemm_isa = "AVX2", gemm_vl = VL_OF_gemm_avx2;
  } else {
    gemm_impl = gemm_baseline, direct_impl = gemm_baseline_direct, gemm_isa = "SSE2", gemm_vl = VL_OF_gemm_baseline;
  }
  gemm_nr = NR_VECTORS * gemm_vl;
}

#define CHECK(call)                                                                                                \
  do {                                                                                                             \
    if ((call) != napi_ok) {                                                                                       \
      napi_throw_error(env, NULL, "gemm: " #call " failed");                                                       \
      return NULL;                                                                                                 \
    }                                                                                                              \
  } while (0)

/** Below this many multiply-adds a product with n % VL == 0 runs unpacked (gemm_*_direct). */
#define DIRECT_BELOW (1u << 18)

/**
 * count products of one shape, the i-th at a + i * a_step, b + i * b_step, c + i * c_step (byte
 * offsets on the heap). NULL, or what is wrong with the arguments.
 */
static const char *run_products(char *heap, size_t heap_bytes, const uint32_t at[3], const uint32_t step[3], uint32_t count,
                                uint32_t m, uint32_t n, uint32_t k, bool transpose_a, bool transpose_b, bool accumulate) {
  const uint64_t floats[3] = {(uint64_t)m * k, (uint64_t)k * n, (uint64_t)m * n};
  for (int t = 0; t < 3; t++) {
    const uint64_t last = at[t] + (uint64_t)step[t] * (count ? count - 1 : 0);
    if (at[t] % 4 != 0 || step[t] % 4 != 0 || (count && last + 4 * floats[t] > heap_bytes))
      return "gemm: a matrix lies outside the heap or is not float-aligned";
  }
  if (count == 0 || m == 0 || n == 0) return NULL;
  // the direct path reads B's rows in place: not for B^T
  const bool direct = !transpose_b && n % gemm_vl == 0 && (uint64_t)m * n * k < DIRECT_BELOW;
  float *pa = NULL, *pb = NULL;
  if (!direct && k > 0) {
    pa = scratch(&packed_a, (size_t)MR * k);
    pb = scratch(&packed_b, (size_t)((n + gemm_nr - 1) / gemm_nr) * gemm_nr * k);
    if (!pa || !pb) return "gemm: out of memory for the packed matrices";
  }
  for (uint32_t i = 0; i < count; i++) {
    const float *a = (const float *)(heap + at[0] + (size_t)i * step[0]);
    const float *b = (const float *)(heap + at[1] + (size_t)i * step[1]);
    float *c = (float *)(heap + at[2] + (size_t)i * step[2]);
    if (k == 0) {
      if (!accumulate) memset(c, 0, 4 * floats[2]);
    } else if (direct) {
      direct_impl(a, b, c, m, n, k, transpose_a, accumulate);
    } else {
      gemm_impl(a, b, c, m, n, k, transpose_a, transpose_b, accumulate, pa, pb);
    }
  }
  return NULL;
}

/**
 * gemm(heap: ArrayBuffer, a, b, c, m, n, k, transposeA, transposeB, accumulate): one product (byte
 * offsets). gemmBatch(heap, a, aStep, b, bStep, c, cStep, count, m, n, k, transposeA, transposeB,
 * accumulate): count products of one shape at evenly spaced offsets, in one call (Winograd's 16 per
 * block).
 */
static napi_value products(napi_env env, napi_callback_info info, bool batch) {
  const size_t expected = batch ? 14 : 10;
  size_t argc = 14;
  napi_value argv[14];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != expected) {
    napi_throw_type_error(env, NULL,
                          batch ? "gemmBatch(heap, a, aStep, b, bStep, c, cStep, count, m, n, k, transposeA, transposeB, accumulate): 14 arguments"
                                : "gemm(heap, a, b, c, m, n, k, transposeA, transposeB, accumulate): 10 arguments");
    return NULL;
  }
  void *heap;
  size_t heap_bytes;
  CHECK(napi_get_arraybuffer_info(env, argv[0], &heap, &heap_bytes));
  uint32_t u[10] = {0};
  const size_t numbers = expected - 4;
  for (size_t i = 0; i < numbers; i++) CHECK(napi_get_value_uint32(env, argv[1 + i], &u[i]));
  bool transpose_a, transpose_b, accumulate;
  CHECK(napi_get_value_bool(env, argv[expected - 3], &transpose_a));
  CHECK(napi_get_value_bool(env, argv[expected - 2], &transpose_b));
  CHECK(napi_get_value_bool(env, argv[expected - 1], &accumulate));
  // gemm's a, b, c, m, n, k as a batch of one
  const uint32_t at[3] = {u[0], batch ? u[2] : u[1], batch ? u[4] : u[2]};
  const uint32_t step[3] = {batch ? u[1] : 0, batch ? u[3] : 0, batch ? u[5] : 0};
  const uint32_t count = batch ? u[6] : 1, *mnk = batch ? &u[7] : &u[3];
  const char *error = run_products(heap, heap_bytes, at, step, count, mnk[0], mnk[1], mnk[2], transpose_a, transpose_b, accumulate);
  if (error) napi_throw_range_error(env, NULL, error);
  return NULL;
}

static napi_value gemm(napi_env env, napi_callback_info info) { return products(env, info, false); }
static napi_value gemm_batch(napi_env env, napi_callback_info info) { return products(env, info, true); }

static napi_value isa(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  CHECK(napi_create_string_utf8(env, gemm_isa, NAPI_AUTO_LENGTH, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  choose_isa();
  napi_property_descriptor props[] = {
      {"gemm", NULL, gemm, NULL, NULL, NULL, napi_default, NULL},
      {"gemmBatch", NULL, gemm_batch, NULL, NULL, NULL, napi_default, NULL},
      {"isa", NULL, isa, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, 3, props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
