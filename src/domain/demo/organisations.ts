// Demo organisations and facilities, scaled from the city's baseline (001/004: 329 institutions,
// 214 street centres, 2,691 community centres, 1,600+ meal points, 74k beds of which 55 % nursing)
// to the number of elders seeded, with at least one of each kind in every district.
import type { Kysely } from 'kysely';
import { bulkInsert } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { addressIn, type CityPlaces, type Community, pointIn } from './places.js';
import { CITY_ELDERS } from './population.js';
import { pick, type Rng, streamOf } from './random.js';

type Ownership = 'public' | 'private' | 'public_built_private_run';

export interface OrganisationRow {
  seedKey: string;
  kind: string;
  name: string;
  ownership: Ownership | null;
  community: Community;
  address: string;
  lat: number;
  lng: number;
  beds: number;
  nursingBeds: number;
}

interface KindSpec {
  kind: string;
  /** Seed keys are `${key}-${district}-${n}`; demo accounts refer to institution-330102-1 and provider-330102-1. */
  key: string;
  cityTotal: number;
  name: (rng: Rng, c: Community, n: number) => string;
}

const BRANDS =
  '颐乐 康乐 安康 福寿 乐龄 爱心 夕阳红 万家 和睦 长青 怡康 亲和 邻里 孝心 金色年华 银龄 仁和 阳光 善德 椿萱'.split(
    ' ',
  );
const shortDistrict = (c: Community) => c.districtName.replace(/(区|县|市)$/, '');

const KINDS: KindSpec[] = [
  { kind: 'institution', key: 'institution', cityTotal: 329, name: () => '' }, // named once ownership is known
  {
    kind: 'street_care_centre',
    key: 'street-centre',
    cityTotal: 214,
    name: (_r, c) => `${c.streetName}居家养老服务中心`,
  },
  {
    kind: 'community_care_centre',
    key: 'community-centre',
    cityTotal: 2691,
    name: (_r, c) => `${c.name}居家养老服务照料中心`,
  },
  {
    kind: 'meal_point',
    key: 'meal-point',
    cityTotal: 1600,
    name: (r, c) => `${c.name}${pick(r, ['老年食堂', '助餐点', '长者食堂'])}`,
  },
  {
    kind: 'aid_rental_point',
    key: 'aid-rental',
    cityTotal: 40,
    name: (_r, c) => `${c.districtName}康复辅具租赁服务点（${c.streetName}）`,
  },
  {
    kind: 'family_empowerment_centre',
    key: 'family-centre',
    cityTotal: 60,
    name: (_r, c) => `${c.streetName}家庭照护赋能中心`,
  },
  { kind: 'care_advisor_point', key: 'advisor', cityTotal: 1000, name: (_r, c) => `${c.name}养老顾问点` },
  {
    kind: 'service_provider',
    key: 'provider',
    cityTotal: 600,
    name: (r, c) =>
      `杭州${shortDistrict(c)}${pick(r, BRANDS)}${pick(r, ['居家养老服务有限公司', '养老服务中心', '护理服务有限公司', '社会工作服务社'])}`,
  },
  {
    kind: 'hospital',
    key: 'hospital',
    cityTotal: 40,
    name: (_r, c, n) =>
      n === 1
        ? `杭州市${c.districtName}第一人民医院`
        : n === 2
          ? `杭州市${c.districtName}中医院`
          : `${c.streetName}社区卫生服务中心`,
  },
];

/** Largest-remainder split of `total` over weights, never below `min` per share. */
function split(total: number, weights: number[], min: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map((x) => Math.max(min, Math.floor(x)));
  const left = total - out.reduce((a, b) => a + b, 0);
  exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, Math.max(0, left))
    .forEach(([, i]) => {
      out[i]!++;
    });
  return out;
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The communities facilities of one kind go to: distinct while there are enough, street centres one per street first. */
function sites(rng: Rng, places: CityPlaces, district: string, spec: KindSpec, n: number): Community[] {
  const all = places.communitiesOf.get(district)!;
  let order = shuffled(rng, all);
  if (spec.kind === 'street_care_centre' || spec.kind === 'family_empowerment_centre') {
    const firstOfStreet = new Map<string, Community>();
    for (const c of order) if (!firstOfStreet.has(c.streetCode)) firstOfStreet.set(c.streetCode, c);
    order = [...firstOfStreet.values(), ...order];
  }
  return Array.from({ length: n }, (_, i) => order[i % order.length]!);
}

export function demoOrganisations(places: CityPlaces, elders: number, seed: number): OrganisationRow[] {
  const rng = streamOf(seed, 0x0f6a);
  const scale = elders / CITY_ELDERS;
  const rows: OrganisationRow[] = [];
  for (const spec of KINDS) {
    const perDistrict = split(
      Math.round(spec.cityTotal * scale),
      places.districts.map((d) => d.weight),
      1,
    );
    places.districts.forEach((d, di) => {
      sites(rng, places, d.code, spec, perDistrict[di]!).forEach((c, i) => {
        const p = pointIn(rng, c, 0.3);
        rows.push({
          seedKey: `${spec.key}-${d.code}-${i + 1}`,
          kind: spec.kind,
          name: spec.name(rng, c, i + 1),
          ownership: null,
          community: c,
          address: addressIn(rng, c),
          lat: p.lat,
          lng: p.lng,
          beds: 0,
          nursingBeds: 0,
        });
      });
    });
  }
  equipInstitutions(
    rng,
    rows.filter((r) => r.kind === 'institution'),
  );
  return rows;
}

/** Ownership in the baseline proportions (88 public, 156 private, 85 公建民营) and ≈ 225 beds each. */
function equipInstitutions(rng: Rng, institutions: OrganisationRow[]): void {
  const [pub, pbpr] = split(institutions.length, [88, 85, 156], 0);
  const owners = shuffled(
    rng,
    institutions.map(
      (_, i): Ownership => (i < pub! ? 'public' : i < pub! + pbpr! ? 'public_built_private_run' : 'private'),
    ),
  );
  // The demo institution account expects a public institution in 上城区.
  const demo = institutions.findIndex((r) => r.seedKey === 'institution-330102-1');
  if (demo >= 0 && owners[demo] !== 'public') {
    const swap = owners.indexOf('public');
    if (swap >= 0) [owners[demo], owners[swap]] = [owners[swap]!, owners[demo]!];
    else owners[demo] = 'public';
  }
  // Most homes are small; a district's welfare centre (its first public home) is large.
  const raw = institutions.map((r, i) =>
    r.seedKey.endsWith('-1') && owners[i] === 'public' ? 350 + 250 * rng() : 40 + 520 * rng() ** 2,
  );
  const factor = ((74_000 / 329) * institutions.length) / raw.reduce((a, b) => a + b, 0);
  institutions.forEach((r, i) => {
    r.ownership = owners[i]!;
    r.beds = Math.max(10, Math.round(raw[i]! * factor));
    r.nursingBeds = Math.round(r.beds * (0.35 + 0.4 * rng()));
    const brand = pick(rng, BRANDS);
    const c = r.community;
    r.name =
      r.seedKey.endsWith('-1') && r.ownership === 'public'
        ? `杭州市${c.districtName}社会福利中心`
        : r.ownership === 'public'
          ? c.village
            ? `${c.streetName}敬老院`
            : `${c.districtName}${c.streetName}福利院`
          : r.ownership === 'public_built_private_run'
            ? `${c.streetName}颐养中心`
            : `杭州${shortDistrict(c)}${brand}${pick(rng, ['颐养院', '老年公寓', '护理院', '养老院'])}`;
  });
}

/** Inserts the organisations; keys already present are left alone, so this can run again. */
export async function insertOrganisations(db: Kysely<DB>, rows: OrganisationRow[]): Promise<void> {
  await bulkInsert(
    db,
    'organisations',
    [
      { name: 'kind', type: 'text', value: (r: OrganisationRow) => r.kind },
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'ownership', type: 'text', value: (r) => r.ownership },
      { name: 'jurisdiction_code', type: 'text', value: (r) => r.community.code },
      { name: 'district_code', type: 'text', value: (r) => r.community.districtCode },
      { name: 'address', type: 'text', value: (r) => r.address },
      { name: 'lat', type: 'float8', value: (r) => r.lat },
      { name: 'lng', type: 'float8', value: (r) => r.lng },
      { name: 'bed_count', type: 'int', value: (r) => r.beds },
      { name: 'nursing_bed_count', type: 'int', value: (r) => r.nursingBeds },
      { name: 'seed_key', type: 'text', value: (r) => r.seedKey },
    ],
    rows,
    { onConflict: 'ON CONFLICT (seed_key) DO NOTHING' },
  );
}
