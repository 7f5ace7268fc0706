// Types of int2int-native: CPU kernels over OpenBLAS, called on Float32Array views (the wasm heap included).

/** The addon's functions. Arrays are row major; all of them are float32. */
export interface NativeBinding {
  /**
   * For i < batch: c[i] = op(a[i]) op(b[i]), op(a) [m, k], op(b) [k, n]; a[i] starts at i * strideA
   * (0 broadcasts one matrix), b[i] at i * strideB, c[i] at i * m * n.
   */
  matmul(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    transposeA: number,
    transposeB: number,
    strideA: number,
    strideB: number,
  ): void;
  /** out[o, i] = sum over r of x[o, r, i], x viewed as [outer, reduce, inner] (reduce 0 gives zeros). */
  reduceSum(x: Float32Array, out: Float32Array, outer: number, reduce: number, inner: number): void;
  /** The sum of the squares of every value of the arrays, accumulated in double precision, on all threads. */
  sumOfSquares(arrays: Float32Array[]): number;
  /**
   * In place, for every index t of the lists (arrays of equal lengths), on all threads:
   * g = gradScale grad + l2 param; m = beta1 m + (1-beta1) g; v = beta2 v + (1-beta2) g^2;
   * param = decay param - stepSize m / (sqrtScale sqrt(v) + eps).
   * @param coefficients [gradScale, l2, beta1, beta2, decay, stepSize, sqrtScale, eps]
   */
  adam(
    params: Float32Array[],
    grads: Float32Array[],
    ms: Float32Array[],
    vs: Float32Array[],
    coefficients: Float32Array,
  ): void;
  /**
   * Per (batch, head): out = softmax(q k^T + bias) v, q and out [batch, heads, T, dh], k and v [batch, heads, S, dh];
   * bias[b, h, t, s] is read at b strideBatch + h strideHead + t strideQuery + s strideKey (0 broadcasts an axis).
   */
  attention(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    bias: Float32Array,
    out: Float32Array,
    batch: number,
    heads: number,
    queries: number,
    keys: number,
    headDim: number,
    strideBatch: number,
    strideHead: number,
    strideQuery: number,
    strideKey: number,
  ): void;
  /** The gradients dq, dk, dv of attention() given dy, the gradient of its output (the bias gets none). */
  attentionGrad(
    dy: Float32Array,
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    bias: Float32Array,
    dq: Float32Array,
    dk: Float32Array,
    dv: Float32Array,
    batch: number,
    heads: number,
    queries: number,
    keys: number,
    headDim: number,
    strideBatch: number,
    strideHead: number,
    strideQuery: number,
    strideKey: number,
  ): void;
  /**
   * out[i] = a[i % periodA] op b[i % periodB] for i < n; op 0 add, 1 subtract, 2 multiply. One period is n, the
   * other one n, 1 or a divisor of n (a row repeated over leading axes).
   */
  elementwise(
    op: number,
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    n: number,
    periodA: number,
    periodB: number,
  ): void;
  /** out = x (of the given shape, rank 8 at most) with its axes permuted: out axis i is x axis perm[i]. */
  transpose(x: Float32Array, out: Float32Array, shape: readonly number[], perm: readonly number[]): void;
  /** Row by row, x and y [rows, cols]: y = (x - mean) / sqrt(biased variance + eps) * gamma + beta. */
  layerNorm(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    y: Float32Array,
    rows: number,
    cols: number,
    eps: number,
  ): void;
  /** The gradients of layerNorm's x, gamma and beta given dy, the gradient of its output y. */
  layerNormGrad(
    dy: Float32Array,
    x: Float32Array,
    gamma: Float32Array,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
    rows: number,
    cols: number,
    eps: number,
  ): void;
  /** Threads for BLAS and the fused loops. */
  setThreads(threads: number): void;
  /**
   * OpenBLAS's build configuration, the instruction set of the addon's own kernels (the best this CPU runs, capped
   * by INT2INT_NATIVE_KERNELS or by the CPU that OPENBLAS_CORETYPE names) and the thread count.
   */
  info(): { blas: string; kernels: 'avx512' | 'avx2' | 'baseline'; threads: number };
}

/** The binding; throws an Error saying why when there is no addon or it does not load. */
export function load(): NativeBinding;

/** The addon file this machine loads and whether it is the prebuilt one, or an Error saying why there is none. */
export function locate(): { file: string; prebuilt: boolean } | Error;

/** The OpenBLAS kernel family load() asks for (OPENBLAS_CORETYPE) unless the user set one: SkylakeX, Haswell, or undefined. */
export function openBlasCoreType(): string | undefined;
