// The shape of Hangzhou's 60+ population, as data: ages, sexes, districts, old ID address codes,
// status-flag shares. Approximations of the 2020 census and the 001 plan's baseline, good
// enough that cockpit charts and policy runs on demo data look like the city's.
import { type Rng, WeightedPick } from './random.js';

/** Ages are drawn as of this day, so the same seed gives the same people whatever today is. */
export const REFERENCE_DATE = '2025-12-31';

/** Elders 60+ the city is scaled against (001: 2.35 M projected for 2025). */
export const CITY_ELDERS = 2_350_000;

// [first age, last age, share of 60+ in %, share of women]: more 60–69 than 70–79 than 80+,
// women a growing majority with age, and a few centenarians (≈ 0.05 %).
const AGE_GROUPS: [number, number, number, number][] = [
  [60, 64, 28.0, 0.5],
  [65, 69, 25.0, 0.51],
  [70, 74, 18.5, 0.52],
  [75, 79, 12.0, 0.54],
  [80, 84, 8.6, 0.57],
  [85, 89, 5.4, 0.61],
  [90, 94, 2.0, 0.67],
  [95, 99, 0.45, 0.73],
  [100, 104, 0.05, 0.8],
];

const AGES = new WeightedPick(
  AGE_GROUPS.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i)),
  // Within a five-year group each older year is a little smaller.
  AGE_GROUPS.flatMap(([from, to, share]) =>
    Array.from({ length: to - from + 1 }, (_, i) => (share / 5) * (1.1 - 0.05 * i)),
  ),
);

export function drawAge(rng: Rng): number {
  return AGES.pick(rng);
}

export function femaleShare(age: number): number {
  return AGE_GROUPS.find(([from, to]) => age >= from && age <= to)?.[3] ?? 0.8;
}

/** 0: 60–69, 1: 70–79, 2: 80–89, 3: 90+; flags and family size vary by these bands. */
export const ageBand = (age: number) => Math.min(3, Math.floor((age - 60) / 10));

const BAND_SHARES = [0, 1, 2, 3].map(
  (band) => AGE_GROUPS.filter(([from]) => ageBand(from) === band).reduce((sum, g) => sum + g[2], 0) / 100,
);

export interface DistrictProfile {
  code: string;
  /** Relative number of elders (older, larger urban districts weigh more). */
  weight: number;
  /** Address codes older ID numbers still carry (merged or renamed counties), with their share. */
  historic: [string, number][];
}

export const HANGZHOU_DISTRICTS: DistrictProfile[] = [
  { code: '330102', weight: 14, historic: [['330104', 0.25]] }, // 上城区 (took in 江干区)
  { code: '330105', weight: 12.5, historic: [['330103', 0.4]] }, // 拱墅区 (took in 下城区)
  { code: '330106', weight: 9.5, historic: [] }, // 西湖区
  {
    code: '330108',
    weight: 3,
    historic: [
      ['330181', 0.3],
      ['330121', 0.1],
    ],
  }, // 滨江区 (from 萧山)
  {
    code: '330109',
    weight: 14,
    historic: [
      ['330181', 0.35],
      ['330121', 0.15],
    ],
  }, // 萧山区 (萧山市, 萧山县)
  {
    code: '330110',
    weight: 6.5,
    historic: [
      ['330184', 0.35],
      ['330125', 0.15],
    ],
  }, // 余杭区 (余杭市, 余杭县)
  {
    code: '330111',
    weight: 7.5,
    historic: [
      ['330183', 0.4],
      ['330123', 0.15],
    ],
  }, // 富阳区 (富阳市, 富阳县)
  {
    code: '330112',
    weight: 6,
    historic: [
      ['330185', 0.4],
      ['330124', 0.15],
    ],
  }, // 临安区 (临安市, 临安县)
  {
    code: '330113',
    weight: 7,
    historic: [
      ['330184', 0.35],
      ['330125', 0.15],
    ],
  }, // 临平区 (from 余杭)
  {
    code: '330114',
    weight: 3.5,
    historic: [
      ['330104', 0.3],
      ['330181', 0.35],
    ],
  }, // 钱塘区 (下沙, 大江东)
  { code: '330122', weight: 5, historic: [] }, // 桐庐县
  { code: '330127', weight: 5, historic: [] }, // 淳安县
  { code: '330182', weight: 6, historic: [['330126', 0.2]] }, // 建德市 (建德县)
];

/** Every address code an elder's ID number may start with: today's districts, then historic ones. */
export const ADDRESS_CODES = [...new Set(HANGZHOU_DISTRICTS.flatMap((d) => [d.code, ...d.historic.map(([c]) => c)]))];

export function addressCodeFor(rng: Rng, district: DistrictProfile): string {
  let x = rng();
  for (const [code, share] of district.historic) {
    if (x < share) return code;
    x -= share;
  }
  return district.code;
}

// Status flags: overall share of the 60+ population and relative likelihood by age band.
interface FlagShare {
  share: number;
  byBand: [number, number, number, number];
}

function perBand({ share, byBand }: FlagShare): number[] {
  // Scale so that the population-wide share comes out as stated.
  const norm = byBand.reduce((sum, m, i) => sum + m * BAND_SHARES[i]!, 0);
  return byBand.map((m) => (share * m) / norm);
}

export const FLAG_ODDS = {
  extreme_poverty: perBand({ share: 0.005, byBand: [0.8, 1, 1.3, 1.5] }),
  subsistence: perBand({ share: 0.02, byBand: [0.9, 1, 1.2, 1.3] }),
  near_subsistence: perBand({ share: 0.015, byBand: [0.9, 1, 1.2, 1.3] }),
  // Parents of the one-child generation: born 1940s–60s.
  family_planning_special: perBand({ share: 0.008, byBand: [1.4, 0.8, 0.25, 0.1] }),
  // 独居 is counted within 空巢; widowhood makes it commoner with age.
  living_alone: perBand({ share: 0.1, byBand: [0.6, 1.1, 1.8, 2.2] }),
  disabled: perBand({ share: 0.05, byBand: [0.35, 1, 2.8, 6] }),
  dementia: perBand({ share: 0.02, byBand: [0.2, 0.9, 3.5, 8] }),
  severe_disability: perBand({ share: 0.015, byBand: [0.8, 1, 1.4, 1.6] }),
};
/** 空巢 among those not living alone, so that 空巢 overall is ≈ 30 %. */
export const EMPTY_NEST_NOT_ALONE = (0.3 - 0.1) / (1 - 0.1);
/** 留守 among elders in villages, whose children work elsewhere. */
export const LEFT_BEHIND_IN_VILLAGES = 0.05;

/** Chance that a spouse is alive, by sex and age band. */
export const SPOUSE_ALIVE: Record<'M' | 'F', number[]> = { M: [0.88, 0.8, 0.6, 0.35], F: [0.82, 0.65, 0.35, 0.12] };
