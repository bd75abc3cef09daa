import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../test/support/app.js';

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
    const inside = await t.call(district, { method: 'POST', url: '/api/v1/users', payload: newUser('worker-in', '330102001051') });
    assert.equal(inside.statusCode, 201, inside.body);
    const outside = await t.call(district, { method: 'POST', url: '/api/v1/users', payload: newUser('worker-out', '330106002051') });
    assert.equal(outside.statusCode, 403);
    const cityWide = await t.call(district, { method: 'POST', url: '/api/v1/users', payload: newUser('boss', '330102', 'city_admin') });
    assert.equal(cityWide.statusCode, 403);
    const weak = await t.call(district, { method: 'POST', url: '/api/v1/users', payload: { ...newUser('weak-one', '330102001051'), password: 'abc' } });
    assert.equal(weak.json().code, 'weak_password');
  });

  test('lists show only accounts within reach; disabling ends sessions', async () => {
    await t.call(admin, { method: 'POST', url: '/api/v1/users', payload: newUser('xihu-worker', '330106002051') });
    const districtList = (await t.call(district, { method: 'GET', url: '/api/v1/users' })).json() as { username: string; id: number }[];
    assert.ok(districtList.some((u) => u.username === 'worker-in'));
    assert.ok(!districtList.some((u) => u.username === 'xihu-worker'));
    const adminList = (await t.call(admin, { method: 'GET', url: '/api/v1/users' })).json() as { username: string; id: number }[];
    const xihu = adminList.find((u) => u.username === 'xihu-worker')!;
    assert.equal((await t.call(district, { method: 'POST', url: `/api/v1/users/${xihu.id}/disable`, payload: { disabled: true } })).statusCode, 404);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'xihu-worker', password: 'strong-pass-2026' } });
    const token = login.json().token;
    assert.equal((await t.call(admin, { method: 'POST', url: `/api/v1/users/${xihu.id}/disable`, payload: { disabled: true } })).statusCode, 204);
    assert.equal((await t.call(token, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401);
  });

  test('other roles may not administer users', async () => {
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    assert.equal((await t.call(worker, { method: 'GET', url: '/api/v1/users' })).statusCode, 403);
  });
});
