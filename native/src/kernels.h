// The job descriptions of int2int-native's compute kernels and the table of one instruction set's versions of them.
#ifndef INT2INT_KERNELS_H
#define INT2INT_KERNELS_H
#include <stddef.h>

#include "thread_pool.h"

/* The first and last index of share `part` of `total` items split into `parts` equal shares. */
static inline void share_of(size_t total, int part, int parts, size_t *begin, size_t *end) {
  *begin = total * (size_t)part / (size_t)parts;
  *end = total * (size_t)(part + 1) / (size_t)parts;
}

/* Squares to sum: a list of arrays, and one partial sum per share. */
typedef struct {
  const float **x;
  const size_t *len;
  size_t count, total;
  double partial[POOL_MAX_THREADS];
} squares_job;

/* One Adam update over many tensors, split into equal shares of elements between the threads. */
typedef struct {
  float **p, **g, **m, **v;
  size_t *len;
  size_t count, total;
  float c[8];
} adam_job;

/* Layer normalisation of rows: forward and backward, split by rows between the threads. */
typedef struct {
  const float *x, *gamma, *beta, *dy;
  float *y, *dx;
  float *partials; /* backward: per share, cols sums of dy * xhat then cols sums of dy */
  int rows, cols;
  float eps;
} layer_norm_job;

/* Sums in LANES independent float accumulators, so that the compiler can vectorise them without reassociating. */
#define LANES 16

/* Element-wise arithmetic with one operand repeated (a bias row, a scalar) or both full, split between threads. */
enum { OP_ADD = 0, OP_SUB = 1, OP_MUL = 2 };

typedef struct {
  const float *a, *b;
  float *out;
  size_t n, period_a, period_b; /* out[i] = a[i % period_a] op b[i % period_b] */
  int op;
} elementwise_job;

#define ELEMENTWISE_LOOP(expression)                                                                          \
  for (size_t start = begin; start < end; start += block) {                                                   \
    const float *restrict a = job->a + (job->period_a == job->n ? start : 0);                                \
    const float *restrict b = job->b + (job->period_b == job->n ? start : 0);                                \
    float *restrict out = job->out + start;                                                                   \
    const size_t count = end - start < block ? end - start : block;                                          \
    if (job->period_a == 1 && job->period_b != 1) {                                                           \
      const float a0 = a[0];                                                                                  \
      for (size_t i = 0; i < count; i++) { const float x = a0, y = b[i]; out[i] = (expression); }           \
    } else if (job->period_b == 1 && job->period_a != 1) {                                                    \
      const float b0 = b[0];                                                                                  \
      for (size_t i = 0; i < count; i++) { const float x = a[i], y = b0; out[i] = (expression); }           \
    } else {                                                                                                  \
      for (size_t i = 0; i < count; i++) { const float x = a[i], y = b[i]; out[i] = (expression); }         \
    }                                                                                                         \
  }


/*
 * Attention of split heads: for each (batch, head) pair, context = softmax(q k^T + bias) v, with q [T, dh], k and
 * v [S, dh]; the backward pass recomputes the probabilities. Pairs are split between the threads.
 */
typedef struct {
  const float *q, *k, *v, *bias, *dy;
  float *out, *dq, *dk, *dv;
  int pairs, heads, t_len, s_len, dh;
  size_t bias_strides[4]; /* batch, head, query, key: 0 where the bias is broadcast */
  float *scratch;         /* per share: 2 * t_len * s_len floats */
} attention_job;

/*
 * One instruction set's build of the kernels (kernels.c compiles kernels_body.h once per set). The *_share
 * functions are pool tasks over the jobs above; reduce_sum runs on the calling thread.
 */
typedef struct {
  const char *name; /* "avx512", "avx2" or "baseline" */
  pool_task squares, adam, layer_norm, layer_norm_grad, elementwise, attention, attention_grad;
  void (*reduce_sum)(const float *x, float *out, int outer, int reduce, int inner);
} kernel_table;

/*
 * The best build this CPU runs, capped at `cap` ("avx512", "avx2" or "baseline"; NULL or "" for no cap): a cap
 * above what the CPU supports gives the best it supports. Unknown caps give NULL.
 */
const kernel_table *kernels_choose(const char *cap);

#endif
