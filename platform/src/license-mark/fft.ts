/**
 * In-place radix-2 complex FFT (Cooley & Tukey 1965), 1-D and square 2-D, on split real/imaginary
 * arrays. Only the detector's synchronisation uses it, on one 256×256 tile per hypothesis.
 */

const twiddles = new Map<number, { cos: Float64Array; sin: Float64Array; reversed: Uint32Array }>();

function tables(n: number) {
  let table = twiddles.get(n);
  if (!table) {
    if (n < 2 || (n & (n - 1)) !== 0) throw new Error(`FFT size must be a power of two, not ${n}`);
    const cos = new Float64Array(n / 2);
    const sin = new Float64Array(n / 2);
    for (let i = 0; i < n / 2; i++) {
      cos[i] = Math.cos((2 * Math.PI * i) / n);
      sin[i] = Math.sin((2 * Math.PI * i) / n);
    }
    const bits = Math.log2(n);
    const reversed = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      reversed[i] = r;
    }
    table = { cos, sin, reversed };
    twiddles.set(n, table);
  }
  return table;
}

/** FFT of `n` contiguous values at re/im[offset…]; `inverse` conjugates the twiddles (no 1/n scaling). */
function fft1(re: Float64Array, im: Float64Array, offset: number, n: number, inverse: boolean) {
  const { cos, sin, reversed } = tables(n);
  for (let i = 0; i < n; i++) {
    const j = reversed[i]!;
    if (j > i) {
      const [a, b] = [offset + i, offset + j];
      const r = re[a]!;
      re[a] = re[b]!;
      re[b] = r;
      const m = im[a]!;
      im[a] = im[b]!;
      im[b] = m;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = offset; start < offset + n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sign * sin[k * step]!;
        const a = start + k;
        const b = a + half;
        const br = re[b]! * wr - im[b]! * wi;
        const bi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - br;
        im[b] = im[a]! - bi;
        re[a] = re[a]! + br;
        im[a] = im[a]! + bi;
      }
    }
  }
}

/** Transposes an n×n array in place. */
function transpose(values: Float64Array, n: number) {
  for (let y = 0; y < n; y++)
    for (let x = y + 1; x < n; x++) {
      const v = values[y * n + x]!;
      values[y * n + x] = values[x * n + y]!;
      values[x * n + y] = v;
    }
}

/**
 * 2-D FFT of an n×n array (row-major), in place; the inverse is scaled by 1/n². Columns are done as
 * rows of the transpose, which keeps every pass on contiguous memory.
 */
export function fft2(re: Float64Array, im: Float64Array, n: number, inverse = false): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let row = 0; row < n; row++) fft1(re, im, row * n, n, inverse);
    transpose(re, n);
    transpose(im, n);
  }
  if (inverse) {
    const scale = 1 / (n * n);
    for (let i = 0; i < n * n; i++) {
      re[i] = re[i]! * scale;
      im[i] = im[i]! * scale;
    }
  }
}
