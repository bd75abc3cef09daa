import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';

describe('user administration', () => {
  let t: TestApp;
  let admin: string;
  let district: string;
  before(async () => {
    t = await testApp();
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    district = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  const newUser = (username: string, jurisdictionCode: string, role = 'community_worker') => ({
    username,
    displayName: username,
    password: 'strong-pass-2026',
    grants: [{ role, jurisdictionCode }],
  });

  test('a district officer creates accounts inside the district only', async () => {
    const inside = await t.call(district, {
      method: 'POST',
      url: '/api/v1/users',
      payload: newUser('worker-in', '330102001051'),
    });
    assert.equal(inside.statusCode, 201, inside.body);
    const outside = await t.call(district, {
      method: 'POST',
      url: '/api/v1/users',
      payload: newUser('worker-out', '330106002051'),
    });
    assert.equal(outside.statusCode, 403);
    const cityWide = await t.call(district, {
      method: 'POST',
      url: '/api/v1/users',
      payload: newUser('boss', '330102', 'city_admin'),
    });
    assert.equal(cityWide.statusCode, 403);
    const weak = await t.call(district, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { ...newUser('weak-one', '330102001051'), password: 'abc' },
    });
    assert.equal(weak.json().code, 'weak_password');
  });

  test("every reference in a grant must lie within the granter's reach", async () => {
    const createElder = async (communityCode: string) => {
      const res = await t.call(admin, { method: 'POST', url: '/api/v1/elders', payload: elderBody({ communityCode }) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as number;
    };
    const xihuElder = await createElder('330106002051');
    const shangchengElder = await createElder('330102001051');
    const xihuOrg = await t.database.db
      .insertInto('organisations')
      .values({
        kind: 'institution',
        name: `西湖区测试养老院-${process.pid}`,
        jurisdiction_code: '330106002051',
        district_code: '330106',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const post = (username: string, grant: Record<string, unknown>) =>
      t.call(district, {
        method: 'POST',
        url: '/api/v1/users',
        payload: { username, displayName: username, password: 'strong-pass-2026', grants: [grant] },
      });
    // An in-district place beside an out-of-district elder: the elder is what the account would read.
    const smuggledElder = await post('family-smuggled', {
      role: 'elder_family',
      jurisdictionCode: '330102',
      elderId: xihuElder,
    });
    assert.equal(smuggledElder.statusCode, 400, smuggledElder.body);
    assert.equal(smuggledElder.json().code, 'grant_anchor');
    assert.equal((await post('family-outside', { role: 'elder_family', elderId: xihuElder })).statusCode, 404);
    const smuggledOrg = await post('staff-smuggled', {
      role: 'institution_staff',
      jurisdictionCode: '330102001051',
      organisationId: xihuOrg.id,
    });
    assert.equal(smuggledOrg.statusCode, 400, smuggledOrg.body);
    assert.equal(
      (await post('staff-outside', { role: 'institution_staff', organisationId: xihuOrg.id })).statusCode,
      404,
    );
    assert.equal((await post('family-none', { role: 'elder_family', jurisdictionCode: '330102' })).statusCode, 400);
    const inside = await post('family-inside', { role: 'elder_family', elderId: shangchengElder });
    assert.equal(inside.statusCode, 201, inside.body);
    const written = await t.database.db
      .selectFrom('users')
      .select('username')
      .where('username', 'in', ['family-smuggled', 'family-outside', 'staff-smuggled', 'staff-outside', 'family-none'])
      .execute();
    assert.deepEqual(written, []);
  });

  test('lists show only accounts within reach; disabling ends sessions', async () => {
    await t.call(admin, { method: 'POST', url: '/api/v1/users', payload: newUser('xihu-worker', '330106002051') });
    const districtList = (await t.call(district, { method: 'GET', url: '/api/v1/users' })).json() as {
      username: string;
      id: number;
    }[];
    assert.ok(districtList.some((u) => u.username === 'worker-in'));
    assert.ok(!districtList.some((u) => u.username === 'xihu-worker'));
    const adminList = (await t.call(admin, { method: 'GET', url: '/api/v1/users' })).json() as {
      username: string;
      id: number;
    }[];
    const xihu = adminList.find((u) => u.username === 'xihu-worker')!;
    assert.equal(
      (await t.call(district, { method: 'POST', url: `/api/v1/users/${xihu.id}/disable`, payload: { disabled: true } }))
        .statusCode,
      404,
    );
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'xihu-worker', password: 'strong-pass-2026' },
    });
    const token = login.json().token;
    assert.equal(
      (await t.call(admin, { method: 'POST', url: `/api/v1/users/${xihu.id}/disable`, payload: { disabled: true } }))
        .statusCode,
      204,
    );
    assert.equal((await t.call(token, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401);
  });

  test('other roles may not administer users', async () => {
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    assert.equal((await t.call(worker, { method: 'GET', url: '/api/v1/users' })).statusCode, 403);
  });
});
