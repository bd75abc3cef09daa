// One chunk of demo elders as column arrays (what the unnest insert sends), with their status
// flags and family contacts. Pure apart from the ID-number counters it advances.
import { newElderCode } from '../elders/elder-code.js';
import { homeCell } from '../elders/home-cell.js';
import type { IdSequences } from './id-sequences.js';
import { childName, elderName, surname } from './names.js';
import { addressIn, type CityPlaces, pointIn } from './places.js';
import {
  addressCodeFor,
  ageBand,
  drawAge,
  EMPTY_NEST_NOT_ALONE,
  FLAG_ODDS,
  femaleShare,
  LEFT_BEHIND_IN_VILLAGES,
  REFERENCE_DATE,
  SPOUSE_ALIVE,
} from './population.js';
import { chance, intBetween, pick, type Rng, streamOf } from './random.js';

export interface ElderChunk {
  elders: {
    seed_ordinal: number[];
    elder_code: string[];
    name: string[];
    id_number: string[];
    sex: string[];
    birth_date: string[];
    phone: (string | null)[];
    district_code: string[];
    street_code: string[];
    community_code: string[];
    address: string[];
    hukou_code: string[];
    lat: number[];
    lng: number[];
    home_h3_r9: string[];
  };
  flags: { seed_ordinal: number[]; district_code: string[]; flag: string[]; effective_from: string[] };
  contacts: {
    seed_ordinal: number[];
    district_code: string[];
    name: string[];
    relation: string[];
    phone: (string | null)[];
    is_guardian: boolean[];
  };
}

const DAY_MS = 86_400_000;
const REFERENCE = new Date(`${REFERENCE_DATE}T00:00:00Z`);
// Formatting dates dominated generation time: each day's string is made once.
const isoDays = new Map<number, string>();
function isoDay(ms: number): string {
  let s = isoDays.get(ms);
  if (s === undefined) {
    s = new Date(ms).toISOString().slice(0, 10);
    isoDays.set(ms, s);
  }
  return s;
}

/** Born so as to be exactly `age` on the reference date. */
function birthDateFor(rng: Rng, age: number): string {
  const lastDay = Date.UTC(REFERENCE.getUTCFullYear() - age, REFERENCE.getUTCMonth(), REFERENCE.getUTCDate());
  return isoDay(lastDay - Math.floor(rng() * 365) * DAY_MS);
}

/** A day within the last twelve years before the reference date: when a flag was recorded. */
const pastDay = (rng: Rng) => isoDay(REFERENCE.getTime() - intBetween(rng, 30, 4380) * DAY_MS);

const MOBILE =
  '130 131 132 133 135 136 137 138 139 150 151 153 155 156 157 158 159 177 180 181 186 187 188 189 199'.split(' ');
const mobile = (rng: Rng) => pick(rng, MOBILE) + String(Math.floor(rng() * 1e8)).padStart(8, '0');
const landline = (rng: Rng) => `0571-8${String(Math.floor(rng() * 1e7)).padStart(7, '0')}`;

function elderPhone(rng: Rng, band: number): string | null {
  const x = rng();
  if (x < [0.8, 0.65, 0.45, 0.3][band]!) return mobile(rng);
  if (x < [0.92, 0.85, 0.75, 0.65][band]!) return landline(rng);
  return null;
}

// How many children an elder's record lists, by age band (older generations had more).
const CHILDREN: number[][] = [
  [0.2, 0.5, 0.25, 0.05],
  [0.15, 0.4, 0.33, 0.12],
  [0.12, 0.33, 0.35, 0.2],
  [0.15, 0.3, 0.35, 0.2],
];
function childCount(rng: Rng, band: number): number {
  let x = rng();
  const odds = CHILDREN[band]!;
  for (let n = 0; n < odds.length; n++) {
    x -= odds[n]!;
    if (x < 0) return n;
  }
  return odds.length - 1;
}

function pushFlag(f: ElderChunk['flags'], ordinal: number, district: string, flag: string, from: string) {
  f.seed_ordinal.push(ordinal);
  f.district_code.push(district);
  f.flag.push(flag);
  f.effective_from.push(from);
}

function pushContact(
  c: ElderChunk['contacts'],
  ordinal: number,
  district: string,
  name: string,
  relation: string,
  phone: string | null,
) {
  c.seed_ordinal.push(ordinal);
  c.district_code.push(district);
  c.name.push(name);
  c.relation.push(relation);
  c.phone.push(phone);
  c.is_guardian.push(false);
}

function emptyChunk(): ElderChunk {
  return {
    elders: {
      seed_ordinal: [],
      elder_code: [],
      name: [],
      id_number: [],
      sex: [],
      birth_date: [],
      phone: [],
      district_code: [],
      street_code: [],
      community_code: [],
      address: [],
      hukou_code: [],
      lat: [],
      lng: [],
      home_h3_r9: [],
    },
    flags: { seed_ordinal: [], district_code: [], flag: [], effective_from: [] },
    contacts: { seed_ordinal: [], district_code: [], name: [], relation: [], phone: [], is_guardian: [] },
  };
}

/** Generates elders `firstOrdinal … firstOrdinal + count - 1`, drawing from the chunk's own stream. */
export function generateElders(
  places: CityPlaces,
  ids: IdSequences,
  seed: number,
  chunk: number,
  firstOrdinal: number,
  count: number,
): ElderChunk {
  const rng = streamOf(seed, chunk);
  const out = emptyChunk();
  const { elders: e, flags: f, contacts: c } = out;
  for (let i = 0; i < count; i++) {
    const ordinal = firstOrdinal + i;
    const district = places.districtPick.pick(rng);
    const community = places.communityPick.get(district.code)!.pick(rng);
    const age = drawAge(rng);
    const band = ageBand(age);
    const sex = rng() < femaleShare(age) ? 'F' : 'M';
    const birthDate = birthDateFor(rng, age);
    const family = surname(rng);
    const point = pointIn(rng, community);
    const phone = elderPhone(rng, band);
    const hukou = chance(rng, 0.92) ? community.code : pick(rng, places.communitiesOf.get(district.code)!).code;
    e.seed_ordinal.push(ordinal);
    e.elder_code.push(newElderCode(rng, false));
    e.name.push(elderName(rng, sex, Number(birthDate.slice(0, 4)), family));
    e.id_number.push(ids.next(addressCodeFor(rng, district), birthDate, sex));
    e.sex.push(sex);
    e.birth_date.push(birthDate);
    e.phone.push(phone);
    e.district_code.push(district.code);
    e.street_code.push(community.streetCode);
    e.community_code.push(community.code);
    e.address.push(addressIn(rng, community));
    e.hukou_code.push(hukou);
    e.lat.push(point.lat);
    e.lng.push(point.lng);
    e.home_h3_r9.push(homeCell(point.lat, point.lng)!);

    const flagged: string[] = [];
    const flag = (name: string) => {
      flagged.push(name);
      pushFlag(f, ordinal, district.code, name, pastDay(rng));
    };
    // 特困, 低保 and 低保边缘 are tiers of one means test: at most one applies.
    const poverty = rng();
    if (poverty < FLAG_ODDS.extreme_poverty[band]!) flag('extreme_poverty');
    else if (poverty < FLAG_ODDS.extreme_poverty[band]! + FLAG_ODDS.subsistence[band]!) flag('subsistence');
    else if (
      poverty <
      FLAG_ODDS.extreme_poverty[band]! + FLAG_ODDS.subsistence[band]! + FLAG_ODDS.near_subsistence[band]!
    )
      flag('near_subsistence');
    if (chance(rng, FLAG_ODDS.family_planning_special[band]!)) flag('family_planning_special');
    const alone = chance(rng, FLAG_ODDS.living_alone[band]!);
    if (alone || chance(rng, EMPTY_NEST_NOT_ALONE)) flag('empty_nest');
    if (alone) flag('living_alone');
    if (community.village && chance(rng, LEFT_BEHIND_IN_VILLAGES)) flag('left_behind');
    if (chance(rng, FLAG_ODDS.disabled[band]!)) flag('disabled');
    if (chance(rng, FLAG_ODDS.dementia[band]!)) flag('dementia');
    if (chance(rng, FLAG_ODDS.severe_disability[band]!)) flag('severe_disability');

    const contact = (name: string, relation: string, phone: string | null) =>
      pushContact(c, ordinal, district.code, name, relation, phone);
    const firstContact = c.name.length;
    const spouseSex = sex === 'M' ? 'F' : 'M';
    const spouseFamily = surname(rng);
    if (!alone && chance(rng, SPOUSE_ALIVE[sex][band]! * 0.7)) {
      contact(
        elderName(rng, spouseSex, Number(birthDate.slice(0, 4)) + intBetween(rng, -3, 3), spouseFamily),
        '配偶',
        chance(rng, 0.5) ? phone : elderPhone(rng, band),
      );
    }
    // 特困 means no one obliged to support; a 计划生育特殊家庭 has lost or cares for its only child.
    const children =
      flagged.includes('extreme_poverty') || flagged.includes('family_planning_special') ? 0 : childCount(rng, band);
    for (let k = 0; k < children; k++) {
      const childSex = chance(rng, 0.5) ? 'M' : 'F';
      contact(
        childName(rng, childSex, sex === 'M' ? family : spouseFamily),
        childSex === 'M' ? '儿子' : '女儿',
        chance(rng, 0.95) ? mobile(rng) : null,
      );
    }
    // Someone who cannot decide alone needs a guardian: the first child, else the spouse.
    const needsGuardian =
      age >= 90 || flagged.some((x) => x === 'disabled' || x === 'dementia' || x === 'severe_disability');
    if (c.name.length > firstContact && (needsGuardian || chance(rng, 0.15))) {
      c.is_guardian[
        c.relation[firstContact] === '配偶' && c.name.length > firstContact + 1 ? firstContact + 1 : firstContact
      ] = true;
    }
  }
  return out;
}
