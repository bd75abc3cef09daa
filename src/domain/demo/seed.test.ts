import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/db.js';
import type { Database } from '../../db/engine.js';
import { parseCitizenId } from '../../lib/citizen-id.js';
import { ageOn, todayInShanghai } from '../../lib/dates.js';
import { isElderCode } from '../elders/elder-code.js';
import { ensureDemoAccounts } from './accounts.js';
import { generateElders } from './elder-rows.js';
import { IdSequences } from './id-sequences.js';
import { loadCityPlaces } from './places.js';
import { ADDRESS_CODES } from './population.js';
import { seedDemoCity } from './seed.js';

const N = 2_000;
const SEED = 42;

interface Row {
  seed_ordinal: number;
  name: string;
  id_number: string;
  sex: 'M' | 'F';
  birth_date: string;
  district_code: string;
  elder_code: string;
}

async function eldersOf(database: Database): Promise<Row[]> {
  const r =
    await sql<Row>`SELECT seed_ordinal, name, id_number, sex, birth_date, district_code, elder_code FROM elders ORDER BY seed_ordinal`.execute(
      database.db,
    );
  return r.rows;
}

async function count(database: Database, table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db);
  return r.rows[0]!.n;
}

describe('demo city seeding', () => {
  let database: Database;
  let elders: Row[];
  before(async () => {
    database = await testDatabase();
    const r = await seedDemoCity(database, { elders: N, seed: SEED });
    assert.equal(r.skipped, false);
    assert.equal(r.elders, N);
    elders = await eldersOf(database);
  });
  after(() => database.close());

  test('gives exactly N elders with valid, unique ID numbers and elder codes, all 60 or older, in all 13 districts', () => {
    assert.equal(elders.length, N);
    const today = todayInShanghai();
    for (const e of elders) {
      const parsed = parseCitizenId(e.id_number);
      assert.ok(!('problem' in parsed), `${e.id_number}: ${JSON.stringify(parsed)}`);
      assert.equal(parsed.birthDate, e.birth_date);
      assert.equal(parsed.sex, e.sex);
      assert.ok(ageOn(e.birth_date, today) >= 60, `${e.name} born ${e.birth_date}`);
      assert.ok(isElderCode(e.elder_code), e.elder_code);
      assert.match(e.name, /^[\u4e00-\u9fff]{2,3}$/);
    }
    assert.equal(new Set(elders.map((e) => e.id_number)).size, N);
    assert.equal(new Set(elders.map((e) => e.elder_code)).size, N);
    assert.equal(new Set(elders.map((e) => e.district_code)).size, 13);
    // Some carry the address code of a county that no longer exists (萧山县, 余杭市 …).
    assert.ok(elders.some((e) => ['330121', '330181', '330184', '330104', '330103'].includes(e.id_number.slice(0, 6))));
  });

  test('ages and sexes look like a real 60+ population', () => {
    const today = todayInShanghai();
    const ages = elders.map((e) => ageOn(e.birth_date, today));
    const sixties = ages.filter((a) => a < 70).length;
    const seventies = ages.filter((a) => a >= 70 && a < 80).length;
    const eighties = ages.filter((a) => a >= 80).length;
    assert.ok(sixties > seventies && seventies > eighties, `${sixties} / ${seventies} / ${eighties}`);
    const old = elders.filter((_, i) => ages[i]! >= 80);
    assert.ok(old.filter((e) => e.sex === 'F').length > old.length * 0.52, 'women outnumber men among the 80+');
  });

  test('status-flag shares are plausible and every flag starts in the past', async () => {
    const r = await sql<{
      flag: string;
      n: number;
    }>`SELECT flag, count(*)::int AS n FROM elder_status_flags GROUP BY flag`.execute(database.db);
    const share = Object.fromEntries(r.rows.map((x) => [x.flag, x.n / N]));
    const near = (flag: string, expected: number, tolerance: number) =>
      assert.ok(
        Math.abs((share[flag] ?? 0) - expected) <= tolerance,
        `${flag}: ${share[flag]} (expected ≈ ${expected})`,
      );
    near('empty_nest', 0.3, 0.04);
    near('living_alone', 0.1, 0.025);
    near('disabled', 0.05, 0.015);
    near('subsistence', 0.02, 0.012);
    near('dementia', 0.02, 0.012);
    const future = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM elder_status_flags WHERE effective_from > current_date`.execute(database.db);
    assert.equal(future.rows[0]!.n, 0);
    const contacts = await count(database, 'elder_contacts');
    assert.ok(contacts > N && contacts < 3 * N, `${contacts} contacts`);
  });

  test('creates the organisations the demo accounts refer to, and each kind in every district', async () => {
    const demo = await database.db
      .selectFrom('organisations')
      .selectAll()
      .where('seed_key', 'in', ['institution-330102-1', 'provider-330102-1'])
      .orderBy('seed_key')
      .execute();
    assert.equal(demo.length, 2);
    assert.equal(demo[0]!.kind, 'institution');
    assert.equal(demo[0]!.ownership, 'public');
    assert.equal(demo[0]!.district_code, '330102');
    assert.ok(demo[0]!.bed_count > 0 && demo[0]!.nursing_bed_count > 0);
    assert.equal(demo[1]!.kind, 'service_provider');
    assert.equal(demo[1]!.district_code, '330102');
    const perKind = await sql<{ kind: string; districts: number }>`
      SELECT kind, count(DISTINCT district_code)::int AS districts FROM organisations GROUP BY kind`.execute(
      database.db,
    );
    assert.equal(perKind.rows.length, 9);
    for (const k of perKind.rows) assert.equal(k.districts, 13, k.kind);
    // The accounts that point at seeded data can now be created.
    await ensureDemoAccounts(database.db);
    const users = await database.db
      .selectFrom('users')
      .select('username')
      .where('username', 'in', ['institution', 'provider', 'caregiver', 'family'])
      .execute();
    assert.equal(users.length, 4);
    // Every district has its own officer, named after its bureau.
    const officers = await database.db
      .selectFrom('users')
      .innerJoin('role_grants', 'role_grants.user_id', 'users.id')
      .select(['users.username', 'users.display_name', 'role_grants.jurisdiction_code'])
      .where('role_grants.role', '=', 'district_officer')
      .where('users.username', 'like', 'district-%')
      .orderBy('users.username')
      .execute();
    assert.equal(officers.length, 13);
    for (const o of officers) assert.equal(o.username, `district-${o.jurisdiction_code}`);
    assert.ok(officers.some((o) => o.username === 'district-330108' && o.display_name === '滨江区民政局'));
  });

  test('running the same seed and size again is a no-op', async () => {
    const again = await seedDemoCity(database, { elders: N, seed: SEED });
    assert.equal(again.skipped, true);
    assert.equal(await count(database, 'elders'), N);
  });

  test('the same seed gives the same people; a crashed run resumes to exactly the same data', async () => {
    const other = await testDatabase();
    try {
      await seedDemoCity(other, { elders: N, seed: SEED, chunkSize: 500 });
      const complete = await eldersOf(other);
      assert.deepEqual(
        complete.map((e) => [e.name, e.id_number]).slice(0, 500),
        elders.slice(0, 500).map((e) => [e.name, e.id_number]),
      );
      // A crash after the first chunks: the later ones never committed.
      await sql`DELETE FROM elder_status_flags WHERE elder_id IN (SELECT id FROM elders WHERE seed_ordinal >= 1000)`.execute(
        other.db,
      );
      await sql`DELETE FROM elder_contacts WHERE elder_id IN (SELECT id FROM elders WHERE seed_ordinal >= 1000)`.execute(
        other.db,
      );
      await sql`DELETE FROM elders WHERE seed_ordinal >= 1000`.execute(other.db);
      await sql`UPDATE seed_runs SET stage = 'elders', finished_at = NULL`.execute(other.db);
      const resumed = await seedDemoCity(other, { elders: N, seed: SEED, chunkSize: 500 });
      assert.equal(resumed.elders, 1000);
      assert.deepEqual(await eldersOf(other), complete);
    } finally {
      await other.close();
    }
  });

  test('another seed or size adds a second set of elders after the first', async () => {
    const second = await seedDemoCity(database, { elders: 300, seed: 7 });
    assert.equal(second.elders, 300);
    const r = await sql<{ n: number; first: number; ids: number }>`
      SELECT count(*)::int AS n, min(seed_ordinal) AS first, count(DISTINCT id_number)::int AS ids FROM elders WHERE seed_ordinal >= ${N}`.execute(
      database.db,
    );
    assert.deepEqual(r.rows[0], { n: 300, first: N, ids: 300 });
  });

  test('a different seed gives different people', async () => {
    const places = await loadCityPlaces(database.db, '330100');
    const a = generateElders(places, new IdSequences(ADDRESS_CODES), SEED, 0, 0, 50).elders;
    const b = generateElders(places, new IdSequences(ADDRESS_CODES), SEED + 1, 0, 0, 50).elders;
    assert.deepEqual(
      a.name,
      elders.slice(0, 50).map((e) => e.name),
    );
    assert.notDeepEqual(a.name, b.name);
    assert.notDeepEqual(a.id_number, b.id_number);
  });
});
