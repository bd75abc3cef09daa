import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_PASSWORD, type TestApp, testApp } from '../../../test/support/app.js';
import { DEMO_PASSWORD } from './passwords.js';
import { createUser } from './sessions.js';

const login = (
  t: TestApp,
  username: string,
  password: string,
  remoteAddress = `10.0.0.${Math.floor(Math.random() * 250)}`,
) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });

describe('authentication', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  test('login answers a token and an HTTP-only cookie; both open the API; logout ends the session', async () => {
    await t.userWith('district_officer', { jurisdictionCode: '330102' }, 'officer-a');
    const res = await login(t, 'officer-a', TEST_PASSWORD);
    assert.equal(res.statusCode, 200);
    const { token, user } = res.json();
    assert.equal(user.username, 'officer-a');
    assert.equal(user.grants[0].role, 'district_officer');
    const cookie = res.cookies.find((c) => c.name === 'yiyang_session')!;
    assert.ok(cookie.httpOnly);
    assert.equal(cookie.sameSite, 'Strict');
    const byCookie = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { yiyang_session: cookie.value },
    });
    assert.equal(byCookie.statusCode, 200);
    assert.equal((await t.call(token, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 200);
    assert.equal((await t.call(token, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode, 204);
    assert.equal((await t.call(token, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401);
  });

  test('a cookie-carried write from another site is refused; from our own origin it passes', async () => {
    await t.userWith('district_officer', { jurisdictionCode: '330102' }, 'officer-csrf');
    const cookie = (await login(t, 'officer-csrf', TEST_PASSWORD)).cookies.find(
      (c) => c.name === 'yiyang_session',
    )!.value;
    const logout = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        cookies: { yiyang_session: cookie },
        headers: { host: 'yiyang.local', ...headers },
      });
    const foreign = await logout({ origin: 'https://evil.example' });
    assert.equal(foreign.statusCode, 403);
    assert.equal(foreign.json().code, 'cross_origin_refused');
    assert.equal((await logout({})).statusCode, 403, 'no Origin at all is refused too');
    // The refused requests changed nothing: the session still works.
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { yiyang_session: cookie } })).statusCode,
      200,
    );
    assert.equal((await logout({ origin: 'http://yiyang.local' })).statusCode, 204);
  });

  test('API answers are never cached', async () => {
    const token = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const res = await t.call(token, { method: 'GET', url: '/api/v1/auth/me' });
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  test('X-Forwarded-For is ignored unless TRUST_PROXY names the proxy', async () => {
    await t.userWith('district_officer', { jurisdictionCode: '330102' }, 'officer-xff');
    // Past the per-address limit from one socket address, a forged header does not reset it.
    let last = 0;
    for (let i = 0; i < 40; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody-xff', password: 'wrong' },
        remoteAddress: '10.9.9.9',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      last = res.statusCode;
    }
    assert.equal(last, 429);
  });

  test('wrong passwords and unknown users get the same answer', async () => {
    await t.userWith('district_officer', { jurisdictionCode: '330102' }, 'officer-b');
    const wrong = await login(t, 'officer-b', 'nope');
    const unknown = await login(t, 'nobody-here', 'nope');
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
  });

  test('five failures in a row from one address lock the account there, even for the right password', async () => {
    await t.userWith('district_officer', { jurisdictionCode: '330102' }, 'officer-c');
    for (let i = 0; i < 4; i++) assert.equal((await login(t, 'officer-c', 'bad', '10.0.1.1')).statusCode, 401);
    const locked = await login(t, 'officer-c', 'bad', '10.0.1.1');
    assert.equal(locked.statusCode, 423);
    assert.equal(locked.json().code, 'account_locked');
    assert.equal((await login(t, 'officer-c', TEST_PASSWORD, '10.0.1.1')).statusCode, 423);
  });

  test('many attempts from one address are rate-limited', async () => {
    let last = 0;
    for (let i = 0; i < 25; i++) {
      last = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `ghost${i}`, password: 'x' },
          remoteAddress: '10.9.9.9',
        })
      ).statusCode;
    }
    assert.equal(last, 429);
  });

  test('successful logins from one address are not limited: an office behind one NAT address logs in each morning', async () => {
    for (let i = 0; i < 30; i++)
      assert.equal(typeof (await t.userWith('community_worker', { jurisdictionCode: '330102001051' })), 'string');
  });

  test('password change needs the current password, a strong new one, and ends other sessions', async () => {
    const first = await t.userWith('community_worker', { jurisdictionCode: '330102001051' }, 'worker-d');
    const second = (await login(t, 'worker-d', TEST_PASSWORD)).json().token;
    const weak = await t.call(first, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().field, 'newPassword');
    const wrongCurrent = await t.call(first, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'x', newPassword: 'a-much-better-pass-42' },
    });
    assert.equal(wrongCurrent.statusCode, 401);
    const ok = await t.call(first, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a-much-better-pass-42' },
    });
    assert.equal(ok.statusCode, 204);
    assert.equal(
      (await t.call(first, { method: 'GET', url: '/api/v1/auth/me' })).statusCode,
      200,
      'the changing session stays',
    );
    assert.equal(
      (await t.call(second, { method: 'GET', url: '/api/v1/auth/me' })).statusCode,
      401,
      'other sessions end',
    );
    assert.equal((await login(t, 'worker-d', 'a-much-better-pass-42')).statusCode, 200);
  });

  test('responses carry security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    assert.deepEqual(res.json(), { status: 'ok', database: t.database.engine });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['content-security-policy']);
    assert.ok(res.headers['strict-transport-security']);
  });
});

describe('demo passwords in production', () => {
  test('are refused', async () => {
    const t = await testApp({ NODE_ENV: 'production' });
    try {
      await createUser(t.database.db, {
        username: 'admin',
        displayName: 'demo',
        password: DEMO_PASSWORD,
        isDemo: true,
        grants: [{ role: 'city_admin', jurisdictionCode: '330100' }],
      });
      const res = await login(t, 'admin', DEMO_PASSWORD);
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'demo_password_refused');
    } finally {
      await t.close();
    }
  });
});
