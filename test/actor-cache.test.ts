// The caller of a request is found in one query and cached for a few seconds per token; whatever
// takes rights away reaches the cache at once: in the process that made the change, and through
// the database's notice in every other process on the same database.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/server/app.js';
import { type TestApp, testApp } from './support/app.js';

/** Polls until `check` holds (a notice crosses processes a moment after commit), at most 3 s. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`not within 3 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the actor cache', () => {
  let t: TestApp;
  let second: FastifyInstance;
  let admin: string;
  before(async () => {
    t = await testApp();
    // A second server on the same database, as a second process would be.
    second = await buildApp({
      database: t.database,
      config: { ...loadConfig({ ...process.env, DATABASE_URL: '' }), databaseUrl: undefined },
    });
    await second.ready();
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
  });
  after(async () => {
    await second.close();
    await t.close();
  });

  const me = (app: FastifyInstance, token: string) =>
    app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  test('a second request with the same token is answered from the cache, in one query for the first', async () => {
    const token = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const before = { ...t.app.actors.stats };
    assert.equal((await me(t.app, token)).statusCode, 200);
    assert.equal((await me(t.app, token)).statusCode, 200);
    assert.equal((await me(t.app, token)).statusCode, 200);
    assert.equal(t.app.actors.stats.misses - before.misses, 1);
    assert.equal(t.app.actors.stats.hits - before.hits, 2);
  });

  test('logout ends the session at once, here and on the other server', async () => {
    const token = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    assert.equal((await me(t.app, token)).statusCode, 200);
    assert.equal((await me(second, token)).statusCode, 200);
    assert.equal((await t.call(token, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode, 204);
    assert.equal((await me(t.app, token)).statusCode, 401);
    await eventually(async () => (await me(second, token)).statusCode === 401, 'the other server forgets the session');
  });

  test('disabling a user shuts them out of both servers', async () => {
    const token = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    assert.equal((await me(second, token)).statusCode, 200);
    const userId = (await me(t.app, token)).json().id as number;
    const off = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/users/${userId}/disable`,
      payload: { disabled: true },
    });
    assert.ok(off.statusCode < 300, off.body);
    assert.equal((await me(t.app, token)).statusCode, 401);
    await eventually(async () => (await me(second, token)).statusCode === 401, 'the other server shuts the user out');
  });

  test('an import error report kept by one server is handed out by the other, to its importer only', async () => {
    const token = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const other = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const boundary = 'report-across-servers';
    const csv = '姓名,身份证号,所属社区,详细地址\r\n张三,330102194001011234,清波门社区,劳动路 1 号\r\n';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const upload = await t.call(token, {
      method: 'POST',
      url: '/api/v1/elders/import',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(upload.statusCode, 422, upload.body);
    const url = `/api/v1/elders/import-reports/${upload.json().reportId}.csv`;
    const there = await second.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    assert.equal(there.statusCode, 200, there.body);
    assert.match(there.body, /身份证号/);
    const stranger = await second.inject({ method: 'GET', url, headers: { authorization: `Bearer ${other}` } });
    assert.equal(stranger.statusCode, 404);
  });

  test('a grant changed by any path (here straight in SQL) is seen by both servers without waiting for the TTL', async () => {
    const token = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const userId = (await me(t.app, token)).json().id as number;
    assert.equal((await me(second, token)).statusCode, 200);
    await sql`UPDATE role_grants SET jurisdiction_code = '330106' WHERE user_id = ${userId}`.execute(t.database.db);
    const grantOf = async (app: FastifyInstance) =>
      (await me(app, token)).json().grants?.[0]?.jurisdictionCode as string | undefined;
    await eventually(async () => (await grantOf(t.app)) === '330106', 'this server sees the new grant');
    await eventually(async () => (await grantOf(second)) === '330106', 'the other server sees the new grant');
  });
});
