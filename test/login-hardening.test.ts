// Login and password change under attack: lock-out counted atomically per name and address, an
// administrator's unlock, limited guesses at the current password, and the rules for new passwords.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ensureDemoAccounts } from '../src/domain/demo/accounts.js';
import {
  ACCOUNT_FAILURE_CAP,
  countLoginFailure,
  LOCK_MINUTES,
  loginLockedUntil,
} from '../src/domain/identity/login-throttle.js';
import { assertNewPassword, hashPassword, passwordRefusal } from '../src/domain/identity/passwords.js';
import { createUser, login, MAX_FAILED_LOGINS, passwordChangeGuesses } from '../src/domain/identity/sessions.js';
import type { AppError } from '../src/lib/errors.js';
import { TEST_PASSWORD, type TestApp, testApp } from './support/app.js';

describe('login and password hardening', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await testApp();
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' }, 'hardening-admin');
  });
  after(() => t.close());

  const attempt = (username: string, password: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
  const userId = async (username: string) =>
    (await t.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow())
      .id;

  test('40 parallel wrong passwords all count: exactly four are told "wrong", the rest "locked", and the address stays locked', async () => {
    const db = t.database.db;
    await createUser(db, {
      username: 'parallel-target',
      displayName: 'p',
      password: TEST_PASSWORD,
      grants: [{ role: 'district_officer', jurisdictionCode: '330102' }],
    });
    const input = (password: string) => ({
      username: 'parallel-target',
      password,
      ip: '198.51.100.40',
      userAgent: null,
      production: false,
    });
    const codes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(db, input(`wrong-guess-${i}`)).then(
          () => 'ok',
          (err: AppError) => err.code,
        ),
      ),
    );
    assert.equal(codes.filter((c) => c === 'bad_credentials').length, MAX_FAILED_LOGINS - 1, codes.join(','));
    assert.equal(codes.filter((c) => c === 'account_locked').length, 40 - (MAX_FAILED_LOGINS - 1));
    await assert.rejects(login(db, input(TEST_PASSWORD)), { code: 'account_locked' });
  });

  test("a stranger's failures lock only the stranger's address: the owner still logs in, from home and from a new address", async () => {
    await t.userWith('city_admin', { jurisdictionCode: '330100' }, 'city-owner');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt('city-owner', `guess-${i}-x`, '203.0.113.5')).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 423, 423, 423, 423]);
    assert.equal(
      (await attempt('city-owner', TEST_PASSWORD, '203.0.113.5')).statusCode,
      423,
      'the stranger address stays locked',
    );
    assert.equal(
      (await attempt('city-owner', TEST_PASSWORD, '127.0.0.1')).statusCode,
      200,
      'an address the owner used',
    );
    assert.equal(
      (await attempt('city-owner', TEST_PASSWORD, '192.0.2.77')).statusCode,
      200,
      'an address the owner never used',
    );
  });

  test('lock-out answers an unknown name exactly as a known one', async () => {
    await t.userWith('district_officer', { jurisdictionCode: '330102' }, 'known-name');
    const shape = (res: { statusCode: number; json(): { code: string; message: string } }) => ({
      status: res.statusCode,
      code: res.json().code,
      message: res.json().message.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, '<until>'),
    });
    const known = [];
    const unknown = [];
    for (let i = 0; i < 7; i++) {
      known.push(shape(await attempt('known-name', `guess-${i}-y`, '198.51.100.1')));
      unknown.push(shape(await attempt('no-such-name', `guess-${i}-y`, '198.51.100.2')));
    }
    assert.deepEqual(known, unknown);
    assert.equal(known.at(-1)!.status, 423);
    assert.equal(known.at(-1)!.code, 'account_locked');
  });

  test("guesses spread over many addresses make unfamiliar addresses wait, not the owner's; an administrator unlocks, audited", async () => {
    await t.userWith('district_officer', { jurisdictionCode: '330102' }, 'spread-owner');
    for (let a = 0; a < ACCOUNT_FAILURE_CAP / MAX_FAILED_LOGINS; a++) {
      for (let i = 0; i < MAX_FAILED_LOGINS; i++)
        await attempt('spread-owner', `guess-${a}-${i}`, `203.0.113.${100 + a}`);
    }
    const fresh = await attempt('spread-owner', TEST_PASSWORD, '192.0.2.88');
    assert.equal(fresh.statusCode, 423, 'an address the owner never used waits');
    assert.equal(fresh.json().code, 'account_locked');
    assert.equal(
      (await attempt('spread-owner', TEST_PASSWORD, '127.0.0.1')).statusCode,
      200,
      "the owner's own address is not locked",
    );

    const id = await userId('spread-owner');
    const listed = async () =>
      (await t.call(admin, { method: 'GET', url: '/api/v1/users' })).json().find((u: { id: number }) => u.id === id)
        .locked as boolean;
    assert.equal(await listed(), true, 'the accounts list shows the lock');
    const unlock = await t.call(admin, { method: 'POST', url: `/api/v1/users/${id}/unlock` });
    assert.equal(unlock.statusCode, 204, unlock.body);
    assert.equal(
      (await attempt('spread-owner', 'still-wrong-1', '203.0.113.100')).statusCode,
      401,
      'a locked address is open again',
    );
    assert.equal((await attempt('spread-owner', TEST_PASSWORD, '192.0.2.88')).statusCode, 200);
    assert.equal(await listed(), false);
    const entry = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(id))
      .where('username', '=', 'hardening-admin')
      .executeTakeFirstOrThrow();
    const detail = typeof entry.detail === 'string' ? JSON.parse(entry.detail) : entry.detail;
    assert.equal(detail.unlocked, true);
    assert.equal(entry.district_code, '330102');
  });

  test('only an administrator with the account in reach may unlock it', async () => {
    await t.userWith('district_officer', { jurisdictionCode: '330102' }, 'unlock-target');
    const id = await userId('unlock-target');
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    const westLake = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    assert.equal((await t.call(worker, { method: 'POST', url: `/api/v1/users/${id}/unlock` })).statusCode, 403);
    assert.equal((await t.call(westLake, { method: 'POST', url: `/api/v1/users/${id}/unlock` })).statusCode, 404);
    assert.equal((await t.call(shangcheng, { method: 'POST', url: `/api/v1/users/${id}/unlock` })).statusCode, 204);
    assert.equal((await t.call(admin, { method: 'POST', url: '/api/v1/users/999999/unlock' })).statusCode, 404);
  });

  test('the account-wide wait doubles each time the cap is reached again', async () => {
    const db = t.database.db;
    const t0 = new Date('2026-12-01T02:00:00Z');
    const fail = async (at: Date) => {
      for (let i = 0; i < ACCOUNT_FAILURE_CAP; i++) await countLoginFailure(db, 'doubling-name', `203.0.114.${i}`, at);
    };
    await fail(t0);
    assert.deepEqual(
      await loginLockedUntil(db, 'doubling-name', '192.0.2.1', t0),
      new Date(t0.getTime() + LOCK_MINUTES * 60_000),
    );
    const t1 = new Date(t0.getTime() + (LOCK_MINUTES + 5) * 60_000);
    assert.equal(await loginLockedUntil(db, 'doubling-name', '192.0.2.1', t1), null, 'the first wait is over');
    await fail(t1);
    assert.deepEqual(
      await loginLockedUntil(db, 'doubling-name', '192.0.2.1', t1),
      new Date(t1.getTime() + 2 * LOCK_MINUTES * 60_000),
    );
  });

  test('guesses at the current password on a change are limited, even in parallel, per user', async () => {
    const token = await t.userWith('community_worker', { jurisdictionCode: '330102001051' }, 'changer-a');
    const other = await t.userWith('community_worker', { jurisdictionCode: '330102001051' }, 'changer-b');
    const change = (as: string, currentPassword: string) =>
      t.call(as, {
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { currentPassword, newPassword: 'a-much-better-pass-42' },
      });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => change(token, `guess-${i}`)));
    const statuses = answers.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 401).length, passwordChangeGuesses.limit, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 40 - passwordChangeGuesses.limit);
    assert.equal(answers.find((r) => r.statusCode === 429)!.json().code, 'too_many_requests');
    assert.equal((await change(token, TEST_PASSWORD)).statusCode, 429, 'even the right password waits for the window');
    assert.equal((await change(other, TEST_PASSWORD)).statusCode, 204, 'another user is not limited');
  });

  test('new passwords: each rule refused with its own field error, in zh and en', () => {
    const cases: Array<[string, string | null]> = [
      ['short-1', 'weak_password'],
      ['onlyletters-here', 'weak_password'],
      ['password123', 'password_common'],
      ['PassWord123', 'password_common'],
      ['1234567890', 'weak_password'],
      ['yiyang2026', 'password_common'],
      ['wang-jianguo-88', 'password_contains_username'],
      ['My-WANG-JIANGUO-88', 'password_contains_username'],
      ['old-secret-2026', 'password_reused'],
      ['new-secret-2026', null],
    ];
    for (const [password, expected] of cases) {
      assert.equal(
        passwordRefusal(password, { username: 'wang-jianguo', previous: 'old-secret-2026' }),
        expected,
        password,
      );
    }
    assert.equal(passwordRefusal('mu-2026-secret', { username: 'mu' }), null, 'a two-letter name refuses nothing');
  });

  test('an administrator creating an account is told which rule a password breaks', async () => {
    const create = (password: string, lang: string) =>
      t.call(admin, {
        method: 'POST',
        url: '/api/v1/users',
        headers: { 'accept-language': lang },
        payload: {
          username: 'li-xiaomei',
          displayName: '李晓梅',
          password,
          grants: [{ role: 'community_worker', jurisdictionCode: '330102001051' }],
        },
      });
    const expectations: Array<[string, string, RegExp, RegExp]> = [
      ['short-1', 'weak_password', /10/, /10/],
      ['password123', 'password_common', /常见/, /common/],
      ['li-xiaomei-2026', 'password_contains_username', /用户名/, /username/],
    ];
    for (const [password, code, zh, en] of expectations) {
      const zhRes = await create(password, 'zh-CN');
      assert.equal(zhRes.statusCode, 400, zhRes.body);
      assert.equal(zhRes.json().code, code);
      assert.equal(zhRes.json().field, 'password');
      assert.match(zhRes.json().message, zh);
      assert.match((await create(password, 'en')).json().message, en);
    }
    assert.equal((await create('a-proper-pass-2026', 'zh-CN')).statusCode, 201);
  });

  test('a change refuses the previous password, the username and common passwords', async () => {
    const token = await t.userWith('community_worker', { jurisdictionCode: '330102001051' }, 'rules-changer');
    const change = (newPassword: string) =>
      t.call(token, {
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { 'accept-language': 'en' },
        payload: { currentPassword: TEST_PASSWORD, newPassword },
      });
    for (const [newPassword, code] of [
      [TEST_PASSWORD, 'password_reused'],
      ['Rules-Changer-2026', 'password_contains_username'],
      ['qwerty123456', 'password_common'],
    ]) {
      const res = await change(newPassword!);
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual([res.json().code, res.json().field], [code, 'newPassword']);
    }
    assert.equal((await change('a-fresh-secret-77')).statusCode, 204);
  });

  test('a reset, knowing only the stored hash, refuses the previous password', async () => {
    const previousHash = await hashPassword('old-secret-2026');
    await assert.rejects(assertNewPassword('old-secret-2026', { username: 'someone', previousHash }, 'password'), {
      code: 'password_reused',
    });
    await assertNewPassword('new-secret-2026', { username: 'someone', previousHash }, 'password');
  });

  test('test accounts and demo accounts are still created', async () => {
    assert.equal(passwordRefusal(TEST_PASSWORD, { username: 'district-officer-1' }), null);
    assert.ok((await ensureDemoAccounts(t.database.db)) > 0, 'demo accounts keep their demo password');
  });
});
