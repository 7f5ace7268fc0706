// int2int-native: CPU kernels for the int2int engine (N-API, C): OpenBLAS sgemm, sums, layer norm, a fused Adam.
// Every array argument is a Float32Array that may view the WebAssembly heap of tfjs-backend-wasm (zero copy).
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#define NAPI_VERSION 8
#include <node_api.h>

#include "kernels.h"
#include "thread_pool.h"

// The CBLAS and OpenBLAS entry points used here, declared so that only the runtime library is needed to build.
enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };
extern void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a,
                        int lda, const float *b, int ldb, float beta, float *c, int ldc);
extern void openblas_set_num_threads(int threads);
extern char *openblas_get_config(void);

#define CHECK(env, call)                                                                                      \
  do {                                                                                                        \
    if ((call) != napi_ok) {                                                                                  \
      napi_throw_error((env), NULL, "int2int-native: N-API call failed: " #call);                            \
      return NULL;                                                                                            \
    }                                                                                                         \
  } while (0)

static int thread_count = 1;
/* The kernels of the best instruction set this CPU runs (kernels_choose), set when the addon loads. */
static const kernel_table *kernels;

static int get_floats(napi_env env, napi_value value, float **data, size_t *length, const char *what) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void *raw;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, &buffer, &offset) != napi_ok ||
      type != napi_float32_array) {
    char message[128];
    snprintf(message, sizeof message, "int2int-native: %s must be a Float32Array", what);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  *data = (float *)raw;
  return 1;
}

static int get_int(napi_env env, napi_value value, int32_t *out) {
  if (napi_get_value_int32(env, value, out) != napi_ok) {
    napi_throw_type_error(env, NULL, "int2int-native: expected an integer");
    return 0;
  }
  return 1;
}

typedef struct {
  const float *a, *b;
  float *c;
  int batch, m, n, k, trans_a, trans_b, stride_a, stride_b;
} matmul_job;

/* One share of a batched product: whole matrices of the batch, else a block of rows, else a block of columns. */
static void matmul_share(void *context, int part, int parts) {
  const matmul_job *job = (const matmul_job *)context;
  const int lda = job->trans_a ? job->m : job->k, ldb = job->trans_b ? job->k : job->n;
  const int op_a = job->trans_a ? CBLAS_TRANS : CBLAS_NO_TRANS, op_b = job->trans_b ? CBLAS_TRANS : CBLAS_NO_TRANS;
  size_t begin, end;
  if (job->batch >= parts) {
    share_of((size_t)job->batch, part, parts, &begin, &end);
    for (size_t i = begin; i < end; i++)
      cblas_sgemm(CBLAS_ROW_MAJOR, op_a, op_b, job->m, job->n, job->k, 1.0f, job->a + i * job->stride_a, lda,
                  job->b + i * job->stride_b, ldb, 0.0f, job->c + i * job->m * job->n, job->n);
  } else if (job->m >= job->n) { /* rows of c: rows of op(a) */
    share_of((size_t)job->m, part, parts, &begin, &end);
    const float *a = job->a + (job->trans_a ? begin : begin * (size_t)lda);
    for (int i = 0; i < job->batch; i++)
      cblas_sgemm(CBLAS_ROW_MAJOR, op_a, op_b, (int)(end - begin), job->n, job->k, 1.0f, a + (size_t)i * job->stride_a,
                  lda, job->b + (size_t)i * job->stride_b, ldb, 0.0f,
                  job->c + (size_t)i * job->m * job->n + begin * job->n, job->n);
  } else { /* columns of c: columns of op(b) */
    share_of((size_t)job->n, part, parts, &begin, &end);
    const float *b = job->b + (job->trans_b ? begin * (size_t)ldb : begin);
    for (int i = 0; i < job->batch; i++)
      cblas_sgemm(CBLAS_ROW_MAJOR, op_a, op_b, job->m, (int)(end - begin), job->k, 1.0f,
                  job->a + (size_t)i * job->stride_a, lda, b + (size_t)i * job->stride_b, ldb, 0.0f,
                  job->c + (size_t)i * job->m * job->n + begin, job->n);
  }
}

/* Products smaller than this many multiply-adds run on the calling thread alone. */
#define PARALLEL_MATMUL_MIN (1 << 20)

/*
 * matmul(a, b, c, batch, m, n, k, transposeA, transposeB, strideA, strideB): for each of the `batch` matrices,
 * c[i] = op(a[i]) op(b[i]) (row major), with op(a) [m, k] and op(b) [k, n]; strideA/strideB are the distances
 * between consecutive matrices of a and b in floats (0 broadcasts one matrix over the batch).
 */
static napi_value matmul(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 11) {
    napi_throw_error(env, NULL, "int2int-native: matmul takes 11 arguments");
    return NULL;
  }
  float *a, *b, *c;
  size_t len_a, len_b, len_c;
  int32_t batch, m, n, k, trans_a, trans_b, stride_a, stride_b;
  if (!get_floats(env, argv[0], &a, &len_a, "a") || !get_floats(env, argv[1], &b, &len_b, "b") ||
      !get_floats(env, argv[2], &c, &len_c, "c") || !get_int(env, argv[3], &batch) ||
      !get_int(env, argv[4], &m) || !get_int(env, argv[5], &n) || !get_int(env, argv[6], &k) ||
      !get_int(env, argv[7], &trans_a) || !get_int(env, argv[8], &trans_b) ||
      !get_int(env, argv[9], &stride_a) || !get_int(env, argv[10], &stride_b))
    return NULL;
  if (batch < 0 || m < 0 || n < 0 || k < 0 || stride_a < 0 || stride_b < 0 ||
      (size_t)batch * m * n > len_c || (batch > 0 && (size_t)(batch - 1) * stride_a + (size_t)m * k > len_a) ||
      (batch > 0 && (size_t)(batch - 1) * stride_b + (size_t)k * n > len_b)) {
    napi_throw_range_error(env, NULL, "int2int-native: matmul shapes do not fit the arrays");
    return NULL;
  }
  if ((size_t)batch * m * n == 0) return NULL;
  if (k == 0) {
    memset(c, 0, sizeof(float) * (size_t)batch * m * n);
    return NULL;
  }
  matmul_job job = {a, b, c, batch, m, n, k, trans_a, trans_b, stride_a, stride_b};
  const size_t work = (size_t)batch * m * n * k;
  const int widest = batch > 1 ? batch : m > n ? m : n;
  int parts = work < PARALLEL_MATMUL_MIN ? 1 : thread_count;
  if (parts > widest) parts = widest;
  pool_run(matmul_share, &job, parts);
  return NULL;
}

/* reduceSum(x, out, outer, reduce, inner): out[o, i] = sum over r of x[o, r, i]. */
static napi_value reduce_sum(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t len_x, len_out;
  int32_t outer, reduce, inner;
  if (argc != 5 || !get_floats(env, argv[0], &x, &len_x, "x") || !get_floats(env, argv[1], &out, &len_out, "out") ||
      !get_int(env, argv[2], &outer) || !get_int(env, argv[3], &reduce) || !get_int(env, argv[4], &inner))
    return NULL;
  if (outer < 0 || reduce < 0 || inner < 0 || (size_t)outer * reduce * inner > len_x ||
      (size_t)outer * inner > len_out) {
    napi_throw_range_error(env, NULL, "int2int-native: reduceSum shapes do not fit the arrays");
    return NULL;
  }
  kernels->reduce_sum(x, out, outer, reduce, inner);
  return NULL;
}

/* sumOfSquares(arrays): the sum of the squares of every value of every array, accumulated in double. */
static napi_value sum_of_squares(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  uint32_t count = 0;
  bool is_array = false;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 1 || napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, argv[0], &count) != napi_ok) {
    napi_throw_type_error(env, NULL, "int2int-native: sumOfSquares takes a list of Float32Arrays");
    return NULL;
  }
  squares_job job = {0};
  job.count = count;
  job.x = calloc(count + 1, sizeof(float *));
  size_t *len = calloc(count + 1, sizeof(size_t));
  job.len = len;
  int ok = job.x != NULL && len != NULL;
  if (!ok) napi_throw_error(env, NULL, "int2int-native: out of memory");
  for (uint32_t i = 0; ok && i < count; i++) {
    napi_value item;
    float *data = NULL;
    ok = napi_get_element(env, argv[0], i, &item) == napi_ok && get_floats(env, item, &data, &len[i], "x");
    job.x[i] = data;
    job.total += ok ? len[i] : 0;
  }
  double total = 0;
  if (ok) {
    const int parts = job.total < (1 << 16) ? 1 : thread_count;
    pool_run(kernels->squares, &job, parts);
    for (int i = 0; i < parts && i < POOL_MAX_THREADS; i++) total += job.partial[i];
  }
  free(job.x);
  free(len);
  if (!ok) return NULL;
  CHECK(env, napi_create_double(env, total, &result));
  return result;
}

static int get_float_list(napi_env env, napi_value list, size_t count, float **out, size_t *lengths,
                          const char *what) {
  for (size_t i = 0; i < count; i++) {
    napi_value item;
    size_t len;
    if (napi_get_element(env, list, (uint32_t)i, &item) != napi_ok || !get_floats(env, item, &out[i], &len, what))
      return 0;
    if (lengths[i] != len) {
      napi_throw_range_error(env, NULL, "int2int-native: adam arrays differ in length");
      return 0;
    }
  }
  return 1;
}

/*
 * adam(params, grads, ms, vs, [gradScale, l2, beta1, beta2, decay, stepSize, sqrtScale, eps]), in place, for
 * every index t of the four lists (Float32Arrays of equal lengths):
 *   g = gradScale * grad + l2 * param;  m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;
 *   param = decay * param - stepSize * m / (sqrtScale * sqrt(v) + eps).
 * Int2Int's Adam, torch's Adam (l2) and AdamW (decay) are all of this form.
 */
static napi_value adam(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint32_t count = 0;
  bool is_array = false;
  if (argc != 5 || napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, argv[0], &count) != napi_ok) {
    napi_throw_type_error(env, NULL, "int2int-native: adam(params, grads, ms, vs, coefficients)");
    return NULL;
  }
  for (int i = 1; i < 4; i++) {
    uint32_t other = 0;
    if (napi_get_array_length(env, argv[i], &other) != napi_ok || other != count) {
      napi_throw_range_error(env, NULL, "int2int-native: adam lists differ in length");
      return NULL;
    }
  }
  float *coefficients;
  size_t ncoef;
  if (!get_floats(env, argv[4], &coefficients, &ncoef, "coefficients")) return NULL;
  if (ncoef != 8) {
    napi_throw_range_error(env, NULL, "int2int-native: adam takes 8 coefficients");
    return NULL;
  }
  adam_job job = {0};
  job.count = count;
  job.p = calloc(count + 1, sizeof(float *));
  job.g = calloc(count + 1, sizeof(float *));
  job.m = calloc(count + 1, sizeof(float *));
  job.v = calloc(count + 1, sizeof(float *));
  job.len = calloc(count + 1, sizeof(size_t));
  memcpy(job.c, coefficients, sizeof job.c);
  size_t total = 0;
  int ok = job.p && job.g && job.m && job.v && job.len;
  for (uint32_t i = 0; ok && i < count; i++) {
    napi_value item;
    ok = napi_get_element(env, argv[0], i, &item) == napi_ok && get_floats(env, item, &job.p[i], &job.len[i], "param");
    if (ok) total += job.len[i];
  }
  ok = ok && get_float_list(env, argv[1], count, job.g, job.len, "grad") &&
       get_float_list(env, argv[2], count, job.m, job.len, "m") && get_float_list(env, argv[3], count, job.v, job.len, "v");
  if (ok) {
    job.total = total;
    pool_run(kernels->adam, &job, total < (1 << 16) ? 1 : thread_count);
  } else if (!(job.p && job.g && job.m && job.v && job.len)) {
    napi_throw_error(env, NULL, "int2int-native: out of memory");
  }
  free(job.p);
  free(job.g);
  free(job.m);
  free(job.v);
  free(job.len);
  return NULL;
}

/* Rows of layer norms smaller than this many values run on the calling thread alone. */
#define PARALLEL_LAYER_NORM_MIN (1 << 16)

static int layer_norm_parts(int rows, int cols) {
  const int parts = (size_t)rows * cols < PARALLEL_LAYER_NORM_MIN ? 1 : thread_count;
  return parts > rows ? (rows > 0 ? rows : 1) : parts;
}

/* Reads `count` Float32Array arguments whose lengths must be at least the given ones. */
static int get_sized_floats(napi_env env, const napi_value *argv, int count, float **out, const size_t *needed,
                            const char *const *names) {
  for (int i = 0; i < count; i++) {
    size_t len;
    if (!get_floats(env, argv[i], &out[i], &len, names[i])) return 0;
    if (len < needed[i]) {
      char message[128];
      snprintf(message, sizeof message, "int2int-native: %s is too short for its shape", names[i]);
      napi_throw_range_error(env, NULL, message);
      return 0;
    }
  }
  return 1;
}

/* Reads rows, cols (non-negative integers) and eps (a number) from argv[0..2]. */
static int get_layer_norm_shape(napi_env env, const napi_value *argv, int32_t *rows, int32_t *cols, float *eps) {
  double epsilon;
  if (!get_int(env, argv[0], rows) || !get_int(env, argv[1], cols)) return 0;
  if (napi_get_value_double(env, argv[2], &epsilon) != napi_ok || *rows < 0 || *cols < 1 || !(epsilon >= 0)) {
    napi_throw_range_error(env, NULL, "int2int-native: layer norm needs rows >= 0, cols >= 1 and eps >= 0");
    return 0;
  }
  *eps = (float)epsilon;
  return 1;
}

/* layerNorm(x, gamma, beta, y, rows, cols, eps): y = (x - mean) / sqrt(var + eps) * gamma + beta, row by row. */
static napi_value layer_norm(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t rows, cols;
  float eps;
  if (argc != 7) {
    napi_throw_error(env, NULL, "int2int-native: layerNorm takes 7 arguments");
    return NULL;
  }
  if (!get_layer_norm_shape(env, argv + 4, &rows, &cols, &eps)) return NULL;
  float *arrays[4];
  const size_t values = (size_t)rows * cols, needed[4] = {values, (size_t)cols, (size_t)cols, values};
  static const char *const names[4] = {"x", "gamma", "beta", "y"};
  if (!get_sized_floats(env, argv, 4, arrays, needed, names)) return NULL;
  layer_norm_job job = {arrays[0], arrays[1], arrays[2], NULL, arrays[3], NULL, NULL, rows, cols, eps};
  pool_run(kernels->layer_norm, &job, layer_norm_parts(rows, cols));
  return NULL;
}

/*
 * layerNormGrad(dy, x, gamma, dx, dgamma, dbeta, rows, cols, eps): the gradients of layerNorm's inputs given
 * dy, the gradient of its output (the mean and variance are recomputed from x).
 */
static napi_value layer_norm_grad(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t rows, cols;
  float eps;
  if (argc != 9) {
    napi_throw_error(env, NULL, "int2int-native: layerNormGrad takes 9 arguments");
    return NULL;
  }
  if (!get_layer_norm_shape(env, argv + 6, &rows, &cols, &eps)) return NULL;
  float *arrays[6];
  const size_t values = (size_t)rows * cols;
  const size_t needed[6] = {values, values, (size_t)cols, values, (size_t)cols, (size_t)cols};
  static const char *const names[6] = {"dy", "x", "gamma", "dx", "dgamma", "dbeta"};
  if (!get_sized_floats(env, argv, 6, arrays, needed, names)) return NULL;
  const int parts = layer_norm_parts(rows, cols);
  float *partials = malloc(sizeof(float) * 2 * (size_t)cols * parts);
  if (partials == NULL) {
    napi_throw_error(env, NULL, "int2int-native: out of memory");
    return NULL;
  }
  layer_norm_job job = {arrays[1], arrays[2], NULL, arrays[0], NULL, arrays[3], partials, rows, cols, eps};
  pool_run(kernels->layer_norm_grad, &job, parts);
  float *dgamma = arrays[4], *dbeta = arrays[5];
  for (int j = 0; j < cols; j++) {
    float sum_gamma = 0, sum_beta = 0;
    for (int p = 0; p < parts; p++) {
      sum_gamma += partials[(size_t)p * 2 * cols + j];
      sum_beta += partials[(size_t)p * 2 * cols + cols + j];
    }
    dgamma[j] = sum_gamma;
    dbeta[j] = sum_beta;
  }
  free(partials);
  return NULL;
}

/* Element-wise operations smaller than this many values run on the calling thread alone. */
#define PARALLEL_ELEMENTWISE_MIN (1 << 17)

/*
 * elementwise(op, a, b, out, n, periodA, periodB): out[i] = a[i % periodA] op b[i % periodB] for i < n, op 0 add,
 * 1 subtract, 2 multiply. Each period is n (a full operand), 1 (a scalar) or, for one of them, a divisor of n.
 */
static napi_value elementwise(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *a, *b, *out;
  size_t len_a, len_b, len_out;
  int32_t op, n, period_a, period_b;
  if (argc != 7 || !get_int(env, argv[0], &op) || !get_floats(env, argv[1], &a, &len_a, "a") ||
      !get_floats(env, argv[2], &b, &len_b, "b") || !get_floats(env, argv[3], &out, &len_out, "out") ||
      !get_int(env, argv[4], &n) || !get_int(env, argv[5], &period_a) || !get_int(env, argv[6], &period_b))
    return NULL;
  const int fits = op >= OP_ADD && op <= OP_MUL && n >= 0 && period_a >= 1 && period_b >= 1 &&
                   (size_t)period_a <= len_a && (size_t)period_b <= len_b && (size_t)n <= len_out;
  const int periods_ok = n == 0 || ((period_a == n || period_b == n) && n % period_a == 0 && n % period_b == 0);
  if (!fits || !periods_ok) {
    napi_throw_range_error(env, NULL,
                           "int2int-native: elementwise needs an op in 0..2, periods that divide n and arrays that fit");
    return NULL;
  }
  if (n == 0) return NULL;
  elementwise_job job = {a, b, out, (size_t)n, (size_t)period_a, (size_t)period_b, op};
  const size_t period = period_a < period_b ? period_a : period_b, blocks = period == 1 ? 1 : n / period;
  int parts = n < PARALLEL_ELEMENTWISE_MIN ? 1 : thread_count;
  if ((size_t)parts > blocks) parts = (int)blocks;
  pool_run(kernels->elementwise, &job, parts);
  return NULL;
}

/* Reads the shapes of attention(): [batch, heads, T, S, dh] and the bias strides [batch, head, query, key]. */
static int get_attention_shape(napi_env env, const napi_value *argv, attention_job *job) {
  int32_t dims[5], strides[4];
  for (int i = 0; i < 5; i++)
    if (!get_int(env, argv[i], &dims[i])) return 0;
  for (int i = 0; i < 4; i++)
    if (!get_int(env, argv[5 + i], &strides[i])) return 0;
  for (int i = 0; i < 5; i++)
    if (dims[i] < 0) {
      napi_throw_range_error(env, NULL, "int2int-native: attention shapes are non-negative");
      return 0;
    }
  job->pairs = dims[0] * dims[1];
  job->heads = dims[1] > 0 ? dims[1] : 1;
  job->t_len = dims[2];
  job->s_len = dims[3];
  job->dh = dims[4];
  for (int i = 0; i < 4; i++) job->bias_strides[i] = strides[i] < 0 ? 0 : (size_t)strides[i];
  return 1;
}

/* The number of bias values the strides reach, plus one. */
static size_t attention_bias_extent(const attention_job *job, int batch) {
  const size_t last[4] = {(size_t)(batch > 0 ? batch - 1 : 0), (size_t)(job->heads - 1),
                          (size_t)(job->t_len > 0 ? job->t_len - 1 : 0), (size_t)(job->s_len > 0 ? job->s_len - 1 : 0)};
  size_t extent = 1;
  for (int i = 0; i < 4; i++) extent += last[i] * job->bias_strides[i];
  return extent;
}

static napi_value run_attention(napi_env env, napi_callback_info info, int backward) {
  const size_t expected = backward ? 17 : 14; /* arrays, then batch, heads, T, S, dh, 4 bias strides */
  size_t argc = 17;
  napi_value argv[17];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != expected) {
    napi_throw_error(env, NULL, backward ? "int2int-native: attentionGrad takes 17 arguments"
                                         : "int2int-native: attention takes 14 arguments");
    return NULL;
  }
  const int arrays = backward ? 8 : 5;
  attention_job job = {0};
  if (!get_attention_shape(env, argv + arrays, &job)) return NULL;
  int32_t batch;
  if (!get_int(env, argv[arrays], &batch)) return NULL;
  const size_t queries = (size_t)job.pairs * job.t_len * job.dh, keys = (size_t)job.pairs * job.s_len * job.dh;
  float *a[8];
  /* forward: q, k, v, bias, out; backward: dy, q, k, v, bias, dq, dk, dv */
  static const char *const forward_names[5] = {"q", "k", "v", "bias", "out"};
  static const char *const backward_names[8] = {"dy", "q", "k", "v", "bias", "dq", "dk", "dv"};
  const size_t bias_needed = job.pairs > 0 ? attention_bias_extent(&job, batch) : 0;
  const size_t forward_needed[5] = {queries, keys, keys, bias_needed, queries};
  const size_t backward_needed[8] = {queries, queries, keys, keys, bias_needed, queries, keys, keys};
  if (!get_sized_floats(env, argv, arrays, a, backward ? backward_needed : forward_needed,
                        backward ? backward_names : forward_names))
    return NULL;
  if (job.pairs == 0 || job.t_len == 0) return NULL;
  if (backward) {
    job.dy = a[0], job.q = a[1], job.k = a[2], job.v = a[3], job.bias = a[4];
    job.dq = a[5], job.dk = a[6], job.dv = a[7];
  } else {
    job.q = a[0], job.k = a[1], job.v = a[2], job.bias = a[3], job.out = a[4];
  }
  const size_t work = (size_t)job.pairs * job.t_len * job.s_len * (job.dh > 0 ? job.dh : 1);
  int parts = work < (1 << 16) ? 1 : thread_count;
  if (parts > job.pairs) parts = job.pairs;
  job.scratch = malloc(sizeof(float) * 2 * (size_t)job.t_len * (job.s_len > 0 ? job.s_len : 1) * parts);
  if (job.scratch == NULL) {
    napi_throw_error(env, NULL, "int2int-native: out of memory");
    return NULL;
  }
  pool_run(backward ? kernels->attention_grad : kernels->attention, &job, parts);
  free(job.scratch);
  return NULL;
}

/*
 * attention(q, k, v, bias, out, batch, heads, T, S, dh, biasStrides x4): out = softmax(q k^T + bias) v per (batch,
 * head), q and out [batch, heads, T, dh], k and v [batch, heads, S, dh], bias read at the given strides.
 */
static napi_value attention(napi_env env, napi_callback_info info) { return run_attention(env, info, 0); }

/* attentionGrad(dy, q, k, v, bias, dq, dk, dv, batch, heads, T, S, dh, biasStrides x4): attention's gradients. */
static napi_value attention_grad(napi_env env, napi_callback_info info) { return run_attention(env, info, 1); }

/* Transposes of tensors up to this rank. */
#define TRANSPOSE_MAX_RANK 8

/* Reads a list of at most TRANSPOSE_MAX_RANK non-negative integers. */
static int get_index_list(napi_env env, napi_value list, size_t *out, size_t *count) {
  uint32_t length = 0;
  bool is_array = false;
  if (napi_is_array(env, list, &is_array) != napi_ok || !is_array || napi_get_array_length(env, list, &length) != napi_ok ||
      length > TRANSPOSE_MAX_RANK) {
    napi_throw_type_error(env, NULL, "int2int-native: transpose takes shape and perm as lists of at most 8 integers");
    return 0;
  }
  for (uint32_t i = 0; i < length; i++) {
    napi_value item;
    int32_t value;
    if (napi_get_element(env, list, i, &item) != napi_ok || !get_int(env, item, &value)) return 0;
    if (value < 0) {
      napi_throw_range_error(env, NULL, "int2int-native: transpose shapes and axes are non-negative");
      return 0;
    }
    out[i] = (size_t)value;
  }
  *count = length;
  return 1;
}

/*
 * transpose(x, out, shape, perm): out = x with its axes permuted (out axis i is x axis perm[i]), as tf.transpose.
 * The trailing axes that stay in place are copied as contiguous runs.
 */
static napi_value transpose(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t len_x, len_out, rank = 0, perm_rank = 0;
  size_t shape[TRANSPOSE_MAX_RANK], perm[TRANSPOSE_MAX_RANK], x_strides[TRANSPOSE_MAX_RANK], total = 1;
  if (argc != 4 || !get_floats(env, argv[0], &x, &len_x, "x") || !get_floats(env, argv[1], &out, &len_out, "out") ||
      !get_index_list(env, argv[2], shape, &rank) || !get_index_list(env, argv[3], perm, &perm_rank))
    return NULL;
  int used[TRANSPOSE_MAX_RANK] = {0}, ok = rank == perm_rank && rank >= 1;
  for (size_t i = 0; ok && i < rank; i++) {
    ok = perm[i] < rank && !used[perm[i]];
    if (ok) used[perm[i]] = 1;
    total *= shape[i];
  }
  if (!ok || total > len_x || total > len_out) {
    napi_throw_range_error(env, NULL,
                           "int2int-native: transpose needs a shape, a permutation of its axes and arrays that fit");
    return NULL;
  }
  if (total == 0) return NULL;
  x_strides[rank - 1] = 1;
  for (size_t i = rank - 1; i > 0; i--) x_strides[i - 1] = x_strides[i] * shape[i];
  size_t kept = rank, run = 1; /* out axes [kept, rank) are x's, in order: runs of `run` floats */
  while (kept > 0 && perm[kept - 1] == kept - 1) run *= shape[--kept];
  size_t index[TRANSPOSE_MAX_RANK] = {0}, from = 0;
  for (size_t to = 0; to < total; to += run) {
    if (run == 1) out[to] = x[from];
    else memcpy(out + to, x + from, sizeof(float) * run);
    for (size_t axis = kept; axis-- > 0;) { /* the next out index over axes [0, kept), as an odometer */
      from += x_strides[perm[axis]];
      if (++index[axis] < shape[perm[axis]]) break;
      from -= index[axis] * x_strides[perm[axis]];
      index[axis] = 0;
    }
  }
  return NULL;
}

/* setThreads(n): threads for the kernels (1 or more), the calling thread included. */
static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t threads;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 1 || !get_int(env, argv[0], &threads)) return NULL;
  if (threads < 1) {
    napi_throw_range_error(env, NULL, "int2int-native: setThreads needs a positive count");
    return NULL;
  }
  thread_count = pool_resize(threads);
  return NULL;
}

/* info(): { blas: OpenBLAS's configuration string, kernels: the instruction set of the addon's own, threads } */
static napi_value describe(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, blas, set, threads;
  CHECK(env, napi_create_object(env, &result));
  CHECK(env, napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &blas));
  CHECK(env, napi_create_string_utf8(env, kernels->name, NAPI_AUTO_LENGTH, &set));
  CHECK(env, napi_create_int32(env, thread_count, &threads));
  CHECK(env, napi_set_named_property(env, result, "blas", blas));
  CHECK(env, napi_set_named_property(env, result, "kernels", set));
  CHECK(env, napi_set_named_property(env, result, "threads", threads));
  return result;
}

/* INT2INT_NATIVE_KERNELS caps the instruction set of the kernels (avx512, avx2, baseline), as on an older CPU. */
static napi_value init(napi_env env, napi_value exports) {
  const char *cap = getenv("INT2INT_NATIVE_KERNELS");
  kernels = kernels_choose(cap);
  if (kernels == NULL) {
    napi_throw_range_error(env, NULL, "int2int-native: INT2INT_NATIVE_KERNELS must be avx512, avx2 or baseline");
    return NULL;
  }
  const napi_property_descriptor methods[] = {
      {"matmul", NULL, matmul, NULL, NULL, NULL, napi_enumerable, NULL},
      {"reduceSum", NULL, reduce_sum, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sumOfSquares", NULL, sum_of_squares, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adam", NULL, adam, NULL, NULL, NULL, napi_enumerable, NULL},
      {"attention", NULL, attention, NULL, NULL, NULL, napi_enumerable, NULL},
      {"attentionGrad", NULL, attention_grad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"elementwise", NULL, elementwise, NULL, NULL, NULL, napi_enumerable, NULL},
      {"transpose", NULL, transpose, NULL, NULL, NULL, napi_enumerable, NULL},
      {"layerNorm", NULL, layer_norm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"layerNormGrad", NULL, layer_norm_grad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, describe, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods));
  openblas_set_num_threads(1); /* the pool splits the work: OpenBLAS runs each share on its caller's thread */
  thread_count = pool_resize(1);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
