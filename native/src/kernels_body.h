// int2int-native's compute kernels, written once in plain C for the compiler to vectorise: kernels.c includes
// this file once per instruction set, with KERNEL(name) giving each copy's functions their own names.
// No include guard: it is meant to be included several times.

/* Share `part` of the concatenation of the arrays, in eight independent double accumulators. */
static void KERNEL(squares_share)(void *context, int part, int parts) {
  squares_job *job = (squares_job *)context;
  size_t begin, end, base = 0;
  share_of(job->total, part, parts, &begin, &end);
  double lanes[8] = {0};
  for (size_t t = 0; t < job->count && base < end; base += job->len[t], t++) {
    const size_t from = begin > base ? begin - base : 0;
    const size_t to = end - base < job->len[t] ? end - base : job->len[t];
    const float *x = job->x[t];
    size_t i = from;
    for (; i + 8 <= to; i += 8)
      for (int lane = 0; lane < 8; lane++) lanes[lane] += (double)x[i + lane] * x[i + lane];
    for (; i < to; i++) lanes[0] += (double)x[i] * x[i];
  }
  job->partial[part] = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

/* Share `part` of the concatenation of all the tensors. */
static void KERNEL(adam_share)(void *context, int part, int parts) {
  const adam_job *job = (const adam_job *)context;
  size_t begin, end;
  share_of(job->total, part, parts, &begin, &end);
  const float grad_scale = job->c[0], l2 = job->c[1], beta1 = job->c[2], beta2 = job->c[3];
  const float decay = job->c[4], step_size = job->c[5], sqrt_scale = job->c[6], eps = job->c[7];
  size_t base = 0;
  for (size_t t = 0; t < job->count && base < end; base += job->len[t], t++) {
    const size_t from = begin > base ? begin - base : 0;
    const size_t to = end - base < job->len[t] ? end - base : job->len[t];
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
}

static float KERNEL(sum_lanes)(const float lanes[LANES]) {
  float total = 0;
  for (int lane = 0; lane < LANES; lane++) total += lanes[lane];
  return total;
}

/* The mean and 1 / sqrt(biased variance + eps) of one row (two passes: the variance does not cancel out). */
static void KERNEL(row_moments)(const float *row, int cols, float eps, float *mean, float *inv_std) {
  float sums[LANES] = {0}, squares[LANES] = {0};
  int j = 0;
  for (; j + LANES <= cols; j += LANES)
    for (int lane = 0; lane < LANES; lane++) sums[lane] += row[j + lane];
  for (; j < cols; j++) sums[0] += row[j];
  const float mu = KERNEL(sum_lanes)(sums) / cols;
  for (j = 0; j + LANES <= cols; j += LANES)
    for (int lane = 0; lane < LANES; lane++) squares[lane] += (row[j + lane] - mu) * (row[j + lane] - mu);
  for (; j < cols; j++) squares[0] += (row[j] - mu) * (row[j] - mu);
  *mean = mu;
  *inv_std = 1.0f / sqrtf(KERNEL(sum_lanes)(squares) / cols + eps);
}

static void KERNEL(layer_norm_share)(void *context, int part, int parts) {
  const layer_norm_job *job = (const layer_norm_job *)context;
  size_t begin, end;
  share_of((size_t)job->rows, part, parts, &begin, &end);
  const int cols = job->cols;
  for (size_t r = begin; r < end; r++) {
    const float *restrict x = job->x + r * cols;
    float *restrict y = job->y + r * cols;
    float mean, inv_std;
    KERNEL(row_moments)(x, cols, job->eps, &mean, &inv_std);
    for (int j = 0; j < cols; j++) y[j] = (x[j] - mean) * inv_std * job->gamma[j] + job->beta[j];
  }
}

static void KERNEL(layer_norm_grad_share)(void *context, int part, int parts) {
  const layer_norm_job *job = (const layer_norm_job *)context;
  size_t begin, end;
  share_of((size_t)job->rows, part, parts, &begin, &end);
  const int cols = job->cols;
  float *restrict dgamma = job->partials + (size_t)part * 2 * cols, *restrict dbeta = dgamma + cols;
  memset(dgamma, 0, sizeof(float) * 2 * (size_t)cols);
  for (size_t r = begin; r < end; r++) {
    const float *restrict x = job->x + r * cols, *restrict dy = job->dy + r * cols;
    float *restrict dx = job->dx + r * cols;
    float mean, inv_std;
    KERNEL(row_moments)(x, cols, job->eps, &mean, &inv_std);
    float sum_g[LANES] = {0}, sum_g_xhat[LANES] = {0}; /* of g = dy gamma and of g xhat, over the row */
    int j = 0;
    for (; j + LANES <= cols; j += LANES)
      for (int lane = 0; lane < LANES; lane++) {
        const float xhat = (x[j + lane] - mean) * inv_std, g = dy[j + lane] * job->gamma[j + lane];
        sum_g[lane] += g;
        sum_g_xhat[lane] += g * xhat;
        dgamma[j + lane] += dy[j + lane] * xhat;
        dbeta[j + lane] += dy[j + lane];
      }
    for (; j < cols; j++) {
      const float xhat = (x[j] - mean) * inv_std, g = dy[j] * job->gamma[j];
      sum_g[0] += g;
      sum_g_xhat[0] += g * xhat;
      dgamma[j] += dy[j] * xhat;
      dbeta[j] += dy[j];
    }
    const float a = KERNEL(sum_lanes)(sum_g) / cols, b = KERNEL(sum_lanes)(sum_g_xhat) / cols;
    for (j = 0; j < cols; j++) {
      const float xhat = (x[j] - mean) * inv_std;
      dx[j] = inv_std * (dy[j] * job->gamma[j] - a - xhat * b);
    }
  }
}

/* Whole periods [begin, end) of the output; the repeated operand's period is the block length. */
static void KERNEL(elementwise_share)(void *context, int part, int parts) {
  const elementwise_job *job = (const elementwise_job *)context;
  const size_t period = job->period_a < job->period_b ? job->period_a : job->period_b;
  const size_t block = period == 1 ? job->n : period;
  size_t begin, end;
  share_of(job->n / block, part, parts, &begin, &end);
  begin *= block;
  end *= block;
  switch (job->op) {
  case OP_ADD:
    ELEMENTWISE_LOOP(x + y)
    break;
  case OP_SUB:
    ELEMENTWISE_LOOP(x - y)
    break;
  default:
    ELEMENTWISE_LOOP(x * y)
  }
}

/* The dot product of two rows, in 8 independent accumulators (so that it vectorises). */
static float KERNEL(dot8)(const float *restrict a, const float *restrict b, int n) {
  float lanes[8] = {0};
  int j = 0;
  for (; j + 8 <= n; j += 8)
    for (int lane = 0; lane < 8; lane++) lanes[lane] += a[j + lane] * b[j + lane];
  for (; j < n; j++) lanes[0] += a[j] * b[j];
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

/* The probabilities p [T, S] of one (batch, head) pair. */
static void KERNEL(attention_probabilities)(const attention_job *job, int pair, float *restrict p) {
  const int t_len = job->t_len, s_len = job->s_len, dh = job->dh;
  const float *restrict q = job->q + (size_t)pair * t_len * dh, *restrict k = job->k + (size_t)pair * s_len * dh;
  const float *bias = job->bias + (size_t)(pair / job->heads) * job->bias_strides[0] +
                      (size_t)(pair % job->heads) * job->bias_strides[1];
  for (int t = 0; t < t_len; t++) {
    float *restrict row = p + (size_t)t * s_len;
    float max = -INFINITY;
    for (int s = 0; s < s_len; s++) {
      row[s] = KERNEL(dot8)(q + (size_t)t * dh, k + (size_t)s * dh, dh) + bias[t * job->bias_strides[2] + s * job->bias_strides[3]];
      if (row[s] > max) max = row[s];
    }
    float total = 0;
    for (int s = 0; s < s_len; s++) total += row[s] = expf(row[s] - max);
    for (int s = 0; s < s_len; s++) row[s] /= total;
  }
}

static void KERNEL(attention_share)(void *context, int part, int parts) {
  const attention_job *job = (const attention_job *)context;
  const int t_len = job->t_len, s_len = job->s_len, dh = job->dh;
  float *p = job->scratch + (size_t)part * 2 * t_len * s_len;
  size_t begin, end;
  share_of((size_t)job->pairs, part, parts, &begin, &end);
  for (size_t pair = begin; pair < end; pair++) {
    KERNEL(attention_probabilities)(job, (int)pair, p);
    const float *restrict v = job->v + pair * s_len * dh;
    float *restrict out = job->out + pair * t_len * dh;
    memset(out, 0, sizeof(float) * t_len * dh);
    for (int t = 0; t < t_len; t++)
      for (int s = 0; s < s_len; s++) {
        const float weight = p[(size_t)t * s_len + s];
        for (int j = 0; j < dh; j++) out[(size_t)t * dh + j] += weight * v[(size_t)s * dh + j];
      }
  }
}

static void KERNEL(attention_grad_share)(void *context, int part, int parts) {
  const attention_job *job = (const attention_job *)context;
  const int t_len = job->t_len, s_len = job->s_len, dh = job->dh;
  float *p = job->scratch + (size_t)part * 2 * t_len * s_len, *dp = p + (size_t)t_len * s_len;
  size_t begin, end;
  share_of((size_t)job->pairs, part, parts, &begin, &end);
  for (size_t pair = begin; pair < end; pair++) {
    KERNEL(attention_probabilities)(job, (int)pair, p);
    const float *restrict q = job->q + pair * t_len * dh, *restrict k = job->k + pair * s_len * dh;
    const float *restrict v = job->v + pair * s_len * dh, *restrict dy = job->dy + pair * t_len * dh;
    float *restrict dq = job->dq + pair * t_len * dh, *restrict dk = job->dk + pair * s_len * dh;
    float *restrict dv = job->dv + pair * s_len * dh;
    memset(dk, 0, sizeof(float) * s_len * dh);
    memset(dv, 0, sizeof(float) * s_len * dh);
    for (int t = 0; t < t_len; t++) {
      float *restrict p_row = p + (size_t)t * s_len, *restrict dp_row = dp + (size_t)t * s_len;
      float weighted = 0; /* sum over s of p dp: the softmax's backward */
      for (int s = 0; s < s_len; s++) {
        const float dot = KERNEL(dot8)(dy + (size_t)t * dh, v + (size_t)s * dh, dh);
        dp_row[s] = dot;
        weighted += p_row[s] * dot;
        for (int j = 0; j < dh; j++) dv[(size_t)s * dh + j] += p_row[s] * dy[(size_t)t * dh + j];
      }
      float *restrict dq_row = dq + (size_t)t * dh;
      memset(dq_row, 0, sizeof(float) * dh);
      for (int s = 0; s < s_len; s++) {
        const float ds = p_row[s] * (dp_row[s] - weighted); /* the gradient of the score q.k + bias */
        for (int j = 0; j < dh; j++) {
          dq_row[j] += ds * k[(size_t)s * dh + j];
          dk[(size_t)s * dh + j] += ds * q[(size_t)t * dh + j];
        }
      }
    }
  }
}

/* out[o, i] = sum over r of x[o, r, i]. */
static void KERNEL(reduce_sum)(const float *x, float *out, int outer, int reduce, int inner) {
  for (int o = 0; o < outer; o++) {
    float *dst = out + (size_t)o * inner;
    const float *src = x + (size_t)o * reduce * inner;
    if (reduce == 0) {
      memset(dst, 0, sizeof(float) * inner);
      continue;
    }
    if (inner == 1) {
      float total = 0;
      for (int r = 0; r < reduce; r++) total += src[r];
      dst[0] = total;
      continue;
    }
    memcpy(dst, src, sizeof(float) * inner);
    for (int r = 1; r < reduce; r++) {
      const float *row = src + (size_t)r * inner;
      for (int i = 0; i < inner; i++) dst[i] += row[i];
    }
  }
}

const kernel_table KERNEL(kernels) = {
    .name = KERNEL_SET,
    .squares = KERNEL(squares_share),
    .adam = KERNEL(adam_share),
    .layer_norm = KERNEL(layer_norm_share),
    .layer_norm_grad = KERNEL(layer_norm_grad_share),
    .elementwise = KERNEL(elementwise_share),
    .attention = KERNEL(attention_share),
    .attention_grad = KERNEL(attention_grad_share),
    .reduce_sum = KERNEL(reduce_sum),
};
