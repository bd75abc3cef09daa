// 抽查复评 as pure functions: the seeded draw, the agreement statistics, and the thresholds that
// open a review or mark an assessor as an outlier (data, versioned, so an operator can tune them).
import { seededRandom } from '../../lib/random.js';

export const RECHECK_RULES_V1 = {
  version: 'recheck v1',
  /** Share of last month's signed assessments drawn per district when the caller gives none. */
  defaultShare: 0.05,
  /** A re-score this far from the original opens a review. */
  reviewIfLevelDifferenceAtLeast: 2,
  reviewIfTotalDifferenceAtLeast: 10,
  /** An assessor is an outlier with at least `minPairs` re-checks and agreement below this rate. */
  outlierMinPairs: 3,
  outlierAgreementBelow: 0.6,
} as const;

export const DRAW_ALGORITHM = 'mulberry32 partial Fisher-Yates over ascending assessment ids, n = ceil(share × N); v1';

/** How many to draw: a share of the population, at least one when there is any. */
export function sampleSize(population: number, share: number): number {
  if (population === 0) return 0;
  return Math.min(population, Math.max(1, Math.ceil(share * population - 1e-9)));
}

/**
 * The draw: shuffle the first n positions of the ascending id list with the seeded generator.
 * Same ids, share and seed → same sample, on any machine. Returns the generator too, so the
 * assignment of re-checkers continues the same recorded random stream.
 */
export function drawSample(
  ids: readonly number[],
  share: number,
  seed: number,
): { drawn: number[]; rand: () => number } {
  const sorted = [...ids].sort((a, b) => a - b);
  const rand = seededRandom(seed);
  const n = sampleSize(sorted.length, share);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (sorted.length - i));
    [sorted[i], sorted[j]] = [sorted[j]!, sorted[i]!];
  }
  return { drawn: sorted.slice(0, n), rand };
}

/** Picks among eligible re-checkers the least loaded so far, breaking ties with the seeded stream. */
export function pickRechecker(
  eligible: readonly number[],
  load: Map<number, number>,
  rand: () => number,
): number | null {
  if (!eligible.length) return null;
  const min = Math.min(...eligible.map((id) => load.get(id) ?? 0));
  const least = [...eligible].filter((id) => (load.get(id) ?? 0) === min).sort((a, b) => a - b);
  const chosen = least[Math.floor(rand() * least.length)]!;
  load.set(chosen, min + 1);
  return chosen;
}

export interface Pair {
  originalLevel: number;
  recheckLevel: number;
  originalTotal: number;
  recheckTotal: number;
}

export interface Agreement {
  pairs: number;
  agreementRate: number | null;
  /** Cohen's kappa over levels 0–4; null when undefined (no pairs, or chance agreement is certain). */
  kappa: number | null;
  meanAbsTotalDifference: number | null;
}

export function cohenKappa(pairs: readonly Pair[], categories = 5): number | null {
  const n = pairs.length;
  if (!n) return null;
  const rows = Array(categories).fill(0);
  const cols = Array(categories).fill(0);
  let agree = 0;
  for (const p of pairs) {
    rows[p.originalLevel]++;
    cols[p.recheckLevel]++;
    if (p.originalLevel === p.recheckLevel) agree++;
  }
  const po = agree / n;
  const pe = rows.reduce((s: number, r: number, k: number) => s + (r / n) * (cols[k] / n), 0);
  if (pe === 1) return null;
  return (po - pe) / (1 - pe);
}

export function agreement(pairs: readonly Pair[]): Agreement {
  const n = pairs.length;
  if (!n) return { pairs: 0, agreementRate: null, kappa: null, meanAbsTotalDifference: null };
  const agree = pairs.filter((p) => p.originalLevel === p.recheckLevel).length;
  const mad = pairs.reduce((s, p) => s + Math.abs(p.originalTotal - p.recheckTotal), 0) / n;
  const round = (x: number) => Math.round(x * 10000) / 10000;
  const kappa = cohenKappa(pairs);
  return {
    pairs: n,
    agreementRate: round(agree / n),
    kappa: kappa == null ? null : round(kappa),
    meanAbsTotalDifference: round(mad),
  };
}

export function needsReview(p: Pair, rules = RECHECK_RULES_V1): boolean {
  return (
    Math.abs(p.originalLevel - p.recheckLevel) >= rules.reviewIfLevelDifferenceAtLeast ||
    Math.abs(p.originalTotal - p.recheckTotal) >= rules.reviewIfTotalDifferenceAtLeast
  );
}

export function isOutlierAssessor(a: Agreement, rules = RECHECK_RULES_V1): boolean {
  return a.pairs >= rules.outlierMinPairs && a.agreementRate != null && a.agreementRate < rules.outlierAgreementBelow;
}
