// GemSweepMatMul's products as native code, on the tfjs wasm backend's own heap: C = A B or A^T B,
// or C += that product. WebAssembly SIMD has 128-bit vectors; this CPU code uses 512-bit (AVX-512)
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
 * One GEMM per vector type: packs A into blocks of MR rows ([k][MR], zero rows past m) and B
 * into panels of NR columns ([k][NR], zero columns past n), then runs the MR x NR register tile
 * over every block and panel with the whole k in registers.
 */
#define DEFINE_GEMM(NAME, TARGET, VL)                                                                              \
  typedef float NAME##_v __attribute__((vector_size(VL * 4), aligned(VL * 4)));                                    \
  TARGET static void NAME(float *a, const float *b, float *c, uint32_t m, uint32_t n, uint32_t k, bool transpose_a, \
                          bool accumulate, float *pa, float *pb) {                                                 \
    enum { NR = NR_VECTORS * VL };                                                                                 \
    const uint32_t blocks = (m + MR - 1) / MR, panels = (n + NR - 1) / NR;                                         \
    for (uint32_t ib = 0; ib < blocks; ib++)                                                                       \
      for (uint32_t kk = 0; kk < k; kk++)                                                                          \
        for (uint32_t r = 0; r < MR; r++) {                                                                        \
          const uint32_t i = ib * MR + r;                                                                          \
          pa[((size_t)ib * k + kk) * MR + r] = i < m ? (transpose_a ? a[(size_t)kk * m + i] : a[(size_t)i * k + kk]) : 0.0f; \
        }                                                                                                          \
    for (uint32_t jb = 0; jb < panels; jb++)                                                                       \
      for (uint32_t kk = 0; kk < k; kk++) {                                                                        \
        float *row = pb + ((size_t)jb * k + kk) * NR;                                                              \
        const uint32_t j0 = jb * NR, width = n - j0 < NR ? n - j0 : NR;                                            \
        memcpy(row, b + (size_t)kk * n + j0, width * sizeof(float));                                               \
        memset(row + width, 0, (NR - width) * sizeof(float));                                                      \
      }                                                                                                            \
    for (uint32_t ib = 0; ib < blocks; ib++)                                                                       \
      for (uint32_t jb = 0; jb < panels; jb++) {                                                                   \
        const float *ap = pa + (size_t)ib * k * MR;                                                                \
        const NAME##_v *bp = (const NAME##_v *)(pb + (size_t)jb * k * NR);                                         \
        NAME##_v acc[MR][NR_VECTORS] = {{{0}}};                                                                    \
        for (uint32_t kk = 0; kk < k; kk++) {                                                                      \
          const NAME##_v b0 = bp[kk * NR_VECTORS], b1 = bp[kk * NR_VECTORS + 1];                                   \
          _Pragma("GCC unroll 6") for (uint32_t r = 0; r < MR; r++) {                                              \
            const NAME##_v av = (NAME##_v){0} + ap[kk * MR + r];                                                   \
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

DEFINE_GEMM(gemm_avx512, __attribute__((target("avx512f,fma"))), 16)
DEFINE_GEMM(gemm_avx2, __attribute__((target("avx2,fma"))), 8)
DEFINE_GEMM(gemm_baseline, , 4)

typedef void gemm_fn(float *, const float *, float *, uint32_t, uint32_t, uint32_t, bool, bool, float *, float *);
static gemm_fn *gemm_impl;
static const char *gemm_isa;
static uint32_t gemm_nr;

static void choose_isa(void) {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    gemm_impl = gemm_avx512, gemm_isa = "AVX-512", gemm_nr = NR_VECTORS * 16;
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    gemm_impl = gemm_avx2, gemm_isa = "AVX2", gemm_nr = NR_VECTORS * 8;
  } else {
    gemm_impl = gemm_baseline, gemm_isa = "SSE2", gemm_nr = NR_VECTORS * 4;
  }
}

#define CHECK(call)                                                                                                \
  do {                                                                                                             \
    if ((call) != napi_ok) {                                                                                       \
      napi_throw_error(env, NULL, "gemm: " #call " failed");                                                       \
      return NULL;                                                                                                 \
    }                                                                                                              \
  } while (0)

/** gemm(heap: ArrayBuffer, a, b, c: byte offsets, m, n, k, transposeA, accumulate) */
static napi_value gemm(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 9) {
    napi_throw_type_error(env, NULL, "gemm(heap, a, b, c, m, n, k, transposeA, accumulate): 9 arguments");
    return NULL;
  }
  void *heap;
  size_t heap_bytes;
  CHECK(napi_get_arraybuffer_info(env, argv[0], &heap, &heap_bytes));
  uint32_t u[6];
  for (int i = 0; i < 6; i++) CHECK(napi_get_value_uint32(env, argv[1 + i], &u[i]));
  bool transpose_a, accumulate;
  CHECK(napi_get_value_bool(env, argv[7], &transpose_a));
  CHECK(napi_get_value_bool(env, argv[8], &accumulate));
  const uint32_t a = u[0], b = u[1], c = u[2], m = u[3], n = u[4], k = u[5];
  const uint64_t a_end = (uint64_t)a + 4ull * m * k, b_end = (uint64_t)b + 4ull * k * n, c_end = (uint64_t)c + 4ull * m * n;
  if ((a | b | c) % 4 != 0 || a_end > heap_bytes || b_end > heap_bytes || c_end > heap_bytes) {
    napi_throw_range_error(env, NULL, "gemm: a matrix lies outside the heap or is not float-aligned");
    return NULL;
  }
  if (m == 0 || n == 0) return NULL;
  if (k == 0) {
    if (!accumulate) memset((char *)heap + c, 0, 4ull * m * n);
    return NULL;
  }
  const uint32_t blocks = (m + MR - 1) / MR, panels = (n + gemm_nr - 1) / gemm_nr;
  float *pa = scratch(&packed_a, (size_t)blocks * MR * k);
  float *pb = scratch(&packed_b, (size_t)panels * gemm_nr * k);
  if (!pa || !pb) {
    napi_throw_error(env, NULL, "gemm: out of memory for the packed matrices");
    return NULL;
  }
  char *base = heap;
  gemm_impl((float *)(base + a), (const float *)(base + b), (float *)(base + c), m, n, k, transpose_a, accumulate, pa, pb);
  return NULL;
}

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
      {"isa", NULL, isa, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, 2, props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
