// The one scope module: what a set of grants reaches, checked against the real place tree.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabase } from '../../../test/support/db.js';
import type { Database } from '../../db/engine.js';
import type { Actor, Grant } from './access.js';
import { LEDGER_READERS, REGISTRY_READERS } from './permissions.js';
import { codePrefix, grantedElderIds, jurisdictionOf, organisationsOf } from './scope.js';

function actorWith(...grants: Partial<Grant>[]): Actor {
  return {
    userId: 1,
    username: 'u',
    displayName: 'u',
    ip: null,
    sessionTokenHash: null,
    grants: grants.map((g) => ({
      role: 'district_officer',
      jurisdictionCode: null,
      organisationId: null,
      elderId: null,
      ...g,
    })),
  };
}

describe('scope', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  async function placesReached(actor: Actor, roles = REGISTRY_READERS): Promise<string[]> {
    const rows = await database.db
      .selectFrom('jurisdictions')
      .select('code')
      .where(jurisdictionOf(actor, roles).inJurisdiction('jurisdictions.code'))
      .execute();
    return rows.map((r) => r.code);
  }

  test('a district grant reaches exactly the district, its streets and communities', async () => {
    const codes = await placesReached(actorWith({ jurisdictionCode: '330102' }));
    assert.ok(codes.length > 10, 'a district holds streets and communities');
    assert.ok(codes.every((c) => c.startsWith('330102')));
    assert.ok(codes.includes('330102'));
    assert.ok(!codes.includes('330105'));
  });

  test('a city grant reaches every place of the city, not the province row', async () => {
    const codes = await placesReached(actorWith({ role: 'city_admin', jurisdictionCode: '330100' }));
    const all = await database.db.selectFrom('jurisdictions').select('code').where('code', 'like', '3301%').execute();
    assert.equal(codes.length, all.length);
  });

  test('the country-wide code is everywhere; no grant for these roles is nowhere', async () => {
    const all = await database.db
      .selectFrom('jurisdictions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(
      (await placesReached(actorWith({ role: 'city_admin', jurisdictionCode: '000000' }))).length,
      Number(all.n),
    );
    // A volunteer's grant does not open the registry, however wide its place.
    assert.deepEqual(await placesReached(actorWith({ role: 'volunteer', jurisdictionCode: '330100' })), []);
    assert.equal(
      jurisdictionOf(actorWith({ role: 'volunteer', jurisdictionCode: '330100' }), LEDGER_READERS).none,
      true,
    );
  });

  test('several grants add up; covers() agrees with the SQL condition', async () => {
    const actor = actorWith({ jurisdictionCode: '330102' }, { role: 'street_officer', jurisdictionCode: '330105001' });
    const codes = await placesReached(actor);
    const scope = jurisdictionOf(actor, REGISTRY_READERS);
    assert.ok(codes.some((c) => c.startsWith('330105001')));
    assert.ok(!codes.includes('330105'), 'a street grant does not reach its district row');
    for (const code of ['330102', '330105001', '330105002', '330106'])
      assert.equal(scope.covers(code), codes.includes(code) || codes.some((c) => c === code), code);
  });

  test('organisations and elders come only from the grants of the named roles', () => {
    const actor = actorWith(
      { role: 'institution_staff', organisationId: 7 },
      { role: 'provider_staff', organisationId: 9 },
      { role: 'elder_family', elderId: 3 },
      { role: 'caregiver', organisationId: 11 },
    );
    assert.deepEqual(organisationsOf(actor, ['institution_staff', 'caregiver']), [7, 11]);
    assert.deepEqual(organisationsOf(actor, ['provider_staff']), [9]);
    assert.deepEqual(grantedElderIds(actor), [3]);
  });

  test('code prefixes follow GB/T 2260 levels', () => {
    assert.equal(codePrefix('330000'), '33');
    assert.equal(codePrefix('330100'), '3301');
    assert.equal(codePrefix('330102'), '330102');
    assert.equal(codePrefix('330102001'), '330102001');
    assert.equal(codePrefix('000000'), '');
  });
});
