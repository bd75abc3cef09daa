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

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  const idOf = async (token: string, username: string) =>
    ((await t.call(token, { method: 'GET', url: '/api/v1/users' })).json() as { id: number; username: string }[]).find(
      (u) => u.username === username,
    )?.id;

  test("the list names each grant's place, not only its code", async () => {
    await t.call(district, { method: 'POST', url: '/api/v1/users', payload: newUser('qingbo-worker', '330102001051') });
    const list = (await t.call(district, { method: 'GET', url: '/api/v1/users' })).json() as {
      username: string;
      grants: { jurisdictionCode: string; placeName: string }[];
    }[];
    const u = list.find((x) => x.username === 'qingbo-worker')!;
    assert.equal(u.grants[0]!.jurisdictionCode, '330102001051');
    assert.equal(u.grants[0]!.placeName, '清波门社区');
  });

  test('an administrator resets a password within reach: the rules hold and old sessions end', async () => {
    await t.call(district, { method: 'POST', url: '/api/v1/users', payload: newUser('reset-me', '330102001051') });
    const id = await idOf(district, 'reset-me');
    const old = (await login('reset-me', 'strong-pass-2026')).json().token as string;
    const weak = await t.call(district, {
      method: 'POST',
      url: `/api/v1/users/${id}/password`,
      payload: { password: 'abc' },
    });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().field, 'password');
    const ok = await t.call(district, {
      method: 'POST',
      url: `/api/v1/users/${id}/password`,
      payload: { password: 'another-pass-2027' },
    });
    assert.equal(ok.statusCode, 204, ok.body);
    assert.equal((await t.call(old, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401);
    assert.equal((await login('reset-me', 'strong-pass-2026')).statusCode, 401);
    assert.equal((await login('reset-me', 'another-pass-2027')).statusCode, 200);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'password_reset')
      .where('district_code', '=', '330102')
      .execute();
    assert.equal(audit.length, 1, 'logged for the district the account works in');
    // Outside the district: the same answer as a missing account.
    await t.call(admin, { method: 'POST', url: '/api/v1/users', payload: newUser('xihu-reset', '330106002051') });
    const xihu = await idOf(admin, 'xihu-reset');
    const outside = await t.call(district, {
      method: 'POST',
      url: `/api/v1/users/${xihu}/password`,
      payload: { password: 'another-pass-2027' },
    });
    assert.equal(outside.statusCode, 404);
  });

  test('grants are replaced within reach only, and the new reach applies at once', async () => {
    await t.call(district, { method: 'POST', url: '/api/v1/users', payload: newUser('move-me', '330102001051') });
    const id = await idOf(district, 'move-me');
    const token = (await login('move-me', 'strong-pass-2026')).json().token as string;
    const far = await t.call(district, {
      method: 'PUT',
      url: `/api/v1/users/${id}/grants`,
      payload: { grants: [{ role: 'community_worker', jurisdictionCode: '330106002051' }] },
    });
    assert.equal(far.statusCode, 403);
    const street = await t.call(district, {
      method: 'PUT',
      url: `/api/v1/users/${id}/grants`,
      payload: { grants: [{ role: 'street_officer', jurisdictionCode: '330102001' }] },
    });
    assert.equal(street.statusCode, 204, street.body);
    const me = (await t.call(token, { method: 'GET', url: '/api/v1/auth/me' })).json() as {
      grants: { role: string; jurisdictionCode: string }[];
    };
    assert.deepEqual(
      me.grants.map((g) => [g.role, g.jurisdictionCode]),
      [['street_officer', '330102001']],
    );
    const self = await idOf(admin, (await t.call(district, { method: 'GET', url: '/api/v1/auth/me' })).json().username);
    const own = await t.call(district, {
      method: 'PUT',
      url: `/api/v1/users/${self}/grants`,
      payload: { grants: [{ role: 'district_officer', jurisdictionCode: '330102' }] },
    });
    assert.equal(own.statusCode, 403);
  });

  test('other roles may not administer users', async () => {
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    assert.equal((await t.call(worker, { method: 'GET', url: '/api/v1/users' })).statusCode, 403);
  });
});
