// GB/T 37276 star rating as a pure rule: section scores → total → star, by a versioned threshold
// table (star-scales.json). No I/O beyond reading the table once.
import { readFileSync } from 'node:fs';

export const SECTIONS = ['environment', 'facilities', 'operations', 'service'] as const;
export type Section = (typeof SECTIONS)[number];
export type SectionScores = Record<Section, number>;

export interface StarScale {
  version: string;
  effectiveFrom: string;
  source: string;
  validityYears: number;
  sections: Record<Section, { label: string; max: number }>;
  stars: { star: number; minTotal: number; minSectionShare: number }[];
}

function loadScales(): StarScale[] {
  const file = JSON.parse(readFileSync(new URL('./star-scales.json', import.meta.url), 'utf8')) as {
    versions: StarScale[];
  };
  for (const v of file.versions) {
    for (const s of SECTIONS)
      if (!(v.sections[s]?.max > 0)) throw new Error(`star scale ${v.version}: section ${s} has no maximum`);
    const sorted = [...v.stars].sort((a, b) => a.star - b.star);
    if (sorted.some((t, i) => i > 0 && t.minTotal < sorted[i - 1]!.minTotal))
      throw new Error(`star scale ${v.version}: thresholds must rise with the star`);
  }
  return file.versions.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

export const STAR_SCALES: readonly StarScale[] = loadScales();

/** The scale in force on a date (the latest one effective on or before it). */
export function scaleOn(date: string, scales: readonly StarScale[] = STAR_SCALES): StarScale {
  const applicable = scales.filter((s) => s.effectiveFrom <= date);
  const scale = applicable[applicable.length - 1] ?? scales[0];
  if (!scale) throw new Error('no star scale configured');
  return scale;
}

export function scaleByVersion(version: string, scales: readonly StarScale[] = STAR_SCALES): StarScale | undefined {
  return scales.find((s) => s.version === version);
}

export interface StarResult {
  total: number;
  star: number;
  scaleVersion: string;
  /** Why not one star higher: the first unmet condition, for the evaluation record. */
  shortfall: string | null;
}

/** Section scores above their maximum, if any (the caller turns them into field errors). */
export function scoresOverMaximum(scores: SectionScores, scale: StarScale): Section[] {
  return SECTIONS.filter((s) => scores[s] < 0 || scores[s] > scale.sections[s].max);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The highest star whose total and every per-section share the scores reach (0 = none). */
export function starFor(scores: SectionScores, scale: StarScale): StarResult {
  const total = round1(SECTIONS.reduce((sum, s) => sum + scores[s], 0));
  let star = 0;
  let shortfall: string | null = null;
  for (const t of [...scale.stars].sort((a, b) => a.star - b.star)) {
    if (total < t.minTotal) {
      shortfall = `总分 ${total} 低于 ${t.star} 星最低分 ${t.minTotal}`;
      break;
    }
    const weak = SECTIONS.find((s) => scores[s] < t.minSectionShare * scale.sections[s].max);
    if (weak) {
      shortfall = `${scale.sections[weak].label} ${scores[weak]} 分低于 ${t.star} 星要求的 ${Math.round(t.minSectionShare * 100)}%`;
      break;
    }
    star = t.star;
  }
  return { total, star, scaleVersion: scale.version, shortfall };
}

/** valid_until: validityYears after the evaluation date, less one day. */
export function validUntil(evaluatedOn: string, scale: StarScale): string {
  const [y, m, d] = evaluatedOn.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + scale.validityYears, m - 1, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}
