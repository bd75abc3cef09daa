// Reproducible randomness for the demo city. Each chunk of elders draws from its own stream,
// keyed by (seed, chunk), so a resumed run regenerates exactly the chunks it still needs.
// sfc32 (128-bit state) rather than mulberry32: 32-bit state streams of ~1M draws per chunk
// would overlap between chunks at city scale and repeat "random" elder codes.

export type Rng = () => number;

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A stream keyed by any number of integers (seed, chunk, purpose …). */
export function streamOf(...keys: number[]): Rng {
  let h = 0x9e3779b9;
  for (const k of keys) h = mix32(h ^ mix32(k >>> 0) ^ Math.floor(k / 2 ** 32));
  let a = mix32(h ^ 1),
    b = mix32(h ^ 2),
    c = mix32(h ^ 3),
    d = 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm up away from the correlated start
  return next;
}

export const chance = (rng: Rng, p: number) => rng() < p;
export const intBetween = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** Picks early entries more often: lists ordered by how common they are, without explicit weights. */
export const pickSkewed = <T>(rng: Rng, items: readonly T[], skew = 1.8): T =>
  items[Math.floor(rng() ** skew * items.length)]!;

/** Weighted choice by binary search over cumulative weights. */
export class WeightedPick<T> {
  private readonly cumulative: Float64Array;
  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (!items.length || items.length !== weights.length) throw new Error('WeightedPick needs one weight per item');
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (const [i, w] of weights.entries()) {
      sum += w;
      this.cumulative[i] = sum;
    }
  }
  pick(rng: Rng): T {
    const x = rng() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0,
      hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
