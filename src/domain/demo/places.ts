// The city's real communities (from the jurisdictions table) as a sampler, and believable
// addresses and points inside them. Community sizes vary but are stable: derived from the code,
// not the seed, so the same community is large in every demo database.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type DistrictProfile, HANGZHOU_DISTRICTS } from './population.js';
import { intBetween, pick, type Rng, WeightedPick } from './random.js';

export interface Community {
  code: string;
  /** As written in an address: 清波门社区, 沿山村 (without 委员会 suffixes). */
  name: string;
  streetCode: string;
  streetName: string;
  districtCode: string;
  districtName: string;
  village: boolean;
  lat: number;
  lng: number;
}

export interface CityPlaces {
  districts: DistrictProfile[];
  districtPick: WeightedPick<DistrictProfile>;
  communitiesOf: Map<string, Community[]>;
  communityPick: Map<string, WeightedPick<Community>>;
  streetsOf: Map<string, { code: string; name: string }[]>;
  districtName: Map<string, string>;
}

export function hash01(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
}

const VILLAGE = /村(委会|民委员会)$/;

export function addressName(name: string): string {
  // 沿山村委会 → 沿山村, 富城村村民委员会 → 富城村, 三村村委会 → 三村.
  if (VILLAGE.test(name)) return name.replace(/(委会|民委员会)$/, '').replace(/村村$/, '村');
  const short = name.replace(/(居委会|居民委员会)$/, '');
  return short === name || short.endsWith('社区') ? short : `${short}社区`;
}

/** Loads the city's districts, streets and communities; refuses a city whose tree is not loaded. */
export async function loadCityPlaces(db: Kysely<DB>, cityCode: string): Promise<CityPlaces> {
  const prefix = cityCode.slice(0, 4);
  const rows = await db
    .selectFrom('jurisdictions')
    .select(['code', 'name', 'level', 'parent_code', 'district_code', 'lat', 'lng'])
    .where('code', 'like', `${prefix}%`)
    .where('level', 'in', ['district', 'street', 'community'])
    .orderBy('code')
    .execute();
  const names = new Map(rows.map((r) => [r.code, r.name]));
  const districts = HANGZHOU_DISTRICTS.filter((d) => names.has(d.code));
  if (!districts.length)
    throw new Error(`the division tree of ${cityCode} is not loaded, or the demo has no population profile for it`);
  const communitiesOf = new Map<string, Community[]>(districts.map((d) => [d.code, []]));
  const streetsOf = new Map<string, { code: string; name: string }[]>(districts.map((d) => [d.code, []]));
  for (const r of rows) {
    if (r.level === 'street' && streetsOf.has(r.district_code!))
      streetsOf.get(r.district_code!)!.push({ code: r.code, name: r.name });
    if (r.level !== 'community' || r.lat == null || r.lng == null) continue;
    communitiesOf.get(r.district_code!)?.push({
      code: r.code,
      name: addressName(r.name),
      streetCode: r.parent_code!,
      streetName: names.get(r.parent_code!) ?? '',
      districtCode: r.district_code!,
      districtName: names.get(r.district_code!) ?? '',
      village: VILLAGE.test(r.name),
      lat: r.lat,
      lng: r.lng,
    });
  }
  const usable = districts.filter((d) => communitiesOf.get(d.code)!.length > 0);
  const communityPick = new Map(
    usable.map((d) => {
      const list = communitiesOf.get(d.code)!;
      // Villages hold fewer elders than urban communities; sizes vary 0.4–1.6× around that.
      return [
        d.code,
        new WeightedPick(
          list,
          list.map((c) => (c.village ? 0.6 : 1) * (0.4 + 1.2 * hash01(c.code))),
        ),
      ];
    }),
  );
  return {
    districts: usable,
    districtPick: new WeightedPick(
      usable,
      usable.map((d) => d.weight),
    ),
    communitiesOf,
    communityPick,
    streetsOf,
    districtName: new Map(usable.map((d) => [d.code, names.get(d.code)!])),
  };
}

const ROAD_STEMS = (
  '解放 延安 庆春 凤起 中山 建国 秋涛 江城 望江 清泰 平海 湖墅 莫干山 文一 文二 文三 教工 学院 古墩 天目山 ' +
  '西溪 留下 转塘 长河 浦沿 市心 人民 北干 金城 通惠 迎宾 南苑 星桥 文渊 富春 桂花 金桥 钱王 锦城 ' +
  '新安 严州 洋溪 朝晖 德胜 大关 和睦 红星 永丰 长庆 石桥 半山 上塘 东新 采荷 景芳 复兴 近江 翠苑'
).split(' ');
const ROAD_KINDS = ['路', '路', '路', '街', '巷'];
const ESTATE_STEMS =
  '朝晖 德胜 大关 和睦 新华 采荷 景芳 三里亭 南星 复兴 望江 近江 嘉绿 翠苑 文鼎 古荡 桂花 丰潭 骆家庄 蔡马 东园 闸弄口 红梅 金色'.split(
    ' ',
  );
const ESTATE_KINDS = ['新村', '小区', '苑', '花园', '家园'];

/** An address inside the community: a road number, an estate flat, or a village group. */
export function addressIn(rng: Rng, c: Community): string {
  if (c.village) return `${c.streetName}${c.name}${intBetween(rng, 1, 12)}组${intBetween(rng, 1, 120)}号`;
  // Each community gets its own few roads and estates, chosen from its code.
  const h = Math.floor(hash01(c.code) * 1e6);
  if (rng() < 0.5) {
    const road = ROAD_STEMS[(h + intBetween(rng, 0, 2)) % ROAD_STEMS.length]! + ROAD_KINDS[h % ROAD_KINDS.length]!;
    return `${c.streetName}${c.name}${road}${intBetween(rng, 1, 480)}号`;
  }
  const estate = ESTATE_STEMS[(h >> 3) % ESTATE_STEMS.length]! + pick(rng, ESTATE_KINDS);
  const floor = intBetween(rng, 1, 7);
  return `${c.streetName}${c.name}${estate}${intBetween(rng, 1, 40)}幢${intBetween(rng, 1, 4)}单元${floor}0${intBetween(rng, 1, 4)}室`;
}

/** A point within `km` of the community's point (uniform over the disc). */
export function pointIn(rng: Rng, c: Community, km = c.village ? 1.2 : 0.4): { lat: number; lng: number } {
  const angle = rng() * 2 * Math.PI;
  const r = km * Math.sqrt(rng());
  const lat = c.lat + (r / 111.32) * Math.sin(angle);
  const lng = c.lng + (r / (111.32 * Math.cos((c.lat * Math.PI) / 180))) * Math.cos(angle);
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
}
