// int2int-native: CPU kernels for the int2int engine (N-API, C): OpenBLAS sgemm, sums, a fused multi-threaded Adam.
// Every array argument is a Float32Array that may view the WebAssembly heap of tfjs-backend-wasm (zero copy).
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#define NAPI_VERSION 8
#include <node_api.h>

// The CBLAS and OpenBLAS entry points used here, declared so that only the runtime library is needed to build.
enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };
extern void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a,
                        int lda, const float *b, int ldb, float beta, float *c, int ldc);
extern void openblas_set_num_threads(int threads);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);

#define CHECK(env, call)                                                                                      \
  do {                                                                                                        \
    if ((call) != napi_ok) {                                                                                  \
      napi_throw_error((env), NULL, "int2int-native: N-API call failed: " #call);                            \
      return NULL;                                                                                            \
    }                                                                                                         \
  } while (0)

static int thread_count = 1;

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

static int get_double(napi_env env, napi_value value, double *out) {
  if (napi_get_value_double(env, value, out) != napi_ok) {
    napi_throw_type_error(env, NULL, "int2int-native: expected a number");
    return 0;
  }
  return 1;
}

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
  if (k == 0) {
    memset(c, 0, sizeof(float) * (size_t)batch * m * n);
    return NULL;
  }
  const int lda = trans_a ? m : k, ldb = trans_b ? k : n;
  for (int32_t i = 0; i < batch; i++) {
    cblas_sgemm(CBLAS_ROW_MAJOR, trans_a ? CBLAS_TRANS : CBLAS_NO_TRANS, trans_b ? CBLAS_TRANS : CBLAS_NO_TRANS, m,
                n, k, 1.0f, a + (size_t)i * stride_a, lda, b + (size_t)i * stride_b, ldb, 0.0f,
                c + (size_t)i * m * n, n);
  }
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
  for (int32_t o = 0; o < outer; o++) {
    float *dst = out + (size_t)o * inner;
    const float *src = x + (size_t)o * reduce * inner;
    if (reduce == 0) {
      memset(dst, 0, sizeof(float) * inner);
      continue;
    }
    if (inner == 1) {
      float total = 0;
      for (int32_t r = 0; r < reduce; r++) total += src[r];
      dst[0] = total;
      continue;
    }
    memcpy(dst, src, sizeof(float) * inner);
    for (int32_t r = 1; r < reduce; r++) {
      const float *row = src + (size_t)r * inner;
      for (int32_t i = 0; i < inner; i++) dst[i] += row[i];
    }
  }
  return NULL;
}

/* sumOfSquares(x): the sum of x[i]^2, accumulated in double. */
static napi_value sum_of_squares(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x;
  size_t len;
  if (argc != 1 || !get_floats(env, argv[0], &x, &len, "x")) return NULL;
  double total = 0;
  for (size_t i = 0; i < len; i++) total += (double)x[i] * x[i];
  CHECK(env, napi_create_double(env, total, &result));
  return result;
}

/* One Adam update over many tensors, split into equal shares of elements between the threads. */
typedef struct {
  float **p, **g, **m, **v;
  size_t *len;
  size_t count;
  float c[8];
} adam_job;

typedef struct {
  const adam_job *job;
  size_t begin, end; /* a range of the concatenation of all tensors */
} adam_share;

static void *adam_run(void *arg) {
  const adam_share *share = (const adam_share *)arg;
  const adam_job *job = share->job;
  const float grad_scale = job->c[0], l2 = job->c[1], beta1 = job->c[2], beta2 = job->c[3];
  const float decay = job->c[4], step_size = job->c[5], sqrt_scale = job->c[6], eps = job->c[7];
  size_t base = 0;
  for (size_t t = 0; t < job->count && base < share->end; base += job->len[t], t++) {
    const size_t from = share->begin > base ? share->begin - base : 0;
    const size_t to = share->end - base < job->len[t] ? share->end - base : job->len[t];
    float *p = job->p[t], *m = job->m[t], *v = job->v[t];
    const float *g = job->g[t];
    for (size_t i = from; i < to; i++) {
      const float gi = grad_scale * g[i] + l2 * p[i];
      const float mi = beta1 * m[i] + (1.0f - beta1) * gi;
      const float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = decay * p[i] - step_size * mi / (sqrt_scale * sqrtf(vi) + eps);
    }
  }
  return NULL;
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
    const int threads = total < (1 << 16) || thread_count < 2 ? 1 : thread_count > 8 ? 8 : thread_count;
    adam_share shares[8];
    pthread_t helpers[8];
    int started[8] = {0};
    for (int i = 0; i < threads; i++) {
      shares[i].job = &job;
      shares[i].begin = total * i / threads;
      shares[i].end = total * (i + 1) / threads;
    }
    for (int i = 1; i < threads; i++) started[i] = pthread_create(&helpers[i], NULL, adam_run, &shares[i]) == 0;
    adam_run(&shares[0]);
    for (int i = 1; i < threads; i++) {
      if (started[i]) pthread_join(helpers[i], NULL);
      else adam_run(&shares[i]);
    }
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

/* setThreads(n): threads for BLAS and for the loops here (1 or more). */
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
  thread_count = threads;
  openblas_set_num_threads(threads);
  return NULL;
}

/* info(): { blas: OpenBLAS's configuration string, threads } */
static napi_value describe(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, blas, threads;
  CHECK(env, napi_create_object(env, &result));
  CHECK(env, napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &blas));
  CHECK(env, napi_create_int32(env, thread_count, &threads));
  CHECK(env, napi_set_named_property(env, result, "blas", blas));
  CHECK(env, napi_set_named_property(env, result, "threads", threads));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor methods[] = {
      {"matmul", NULL, matmul, NULL, NULL, NULL, napi_enumerable, NULL},
      {"reduceSum", NULL, reduce_sum, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sumOfSquares", NULL, sum_of_squares, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adam", NULL, adam, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, describe, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods));
  thread_count = openblas_get_num_threads();
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
