// The audit log can be trusted: the server's PostgreSQL role cannot rewrite it, every read of
// personal data leaves an entry naming its district and its request, and no request can hold a
// connection for longer than the statement limit.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openConfiguredDatabase } from '../src/db/connect.js';
import { type Database, liftStatementTimeout, openDatabase, withoutStatementTimeout } from '../src/db/engine.js';
import { grantApplicationRole, migrate } from '../src/db/migrator.js';
import { recordAudit } from '../src/domain/identity/audit.js';
import { createUser } from '../src/domain/identity/sessions.js';
import { institution } from '../src/domain/institutions/test-helpers.js';
import { budget, elderWithAccount, pay } from '../src/domain/ledger/ledger-fixtures.js';
import { buildApp } from '../src/server/app.js';
import { TEST_PASSWORD, type TestApp, testApp } from './support/app.js';
import { type TestDatabase, testDatabase } from './support/db.js';
import { elderBody, idNumber } from './support/elders.js';

const onPostgres = !!process.env.TEST_DATABASE_URL;
const PGLITE_HAS_ONE_USER = 'PGlite is embedded with a single user: there is no second role to separate';
const PGLITE_CANNOT_INTERRUPT =
  'PGlite runs each statement to its end on the JS thread: nothing can interrupt it, so the limit is enforced on PostgreSQL only';

/** The application's role in these tests; roles are cluster-wide, so one fixed name, created once. */
const APP_ROLE = 'yiyang_audit_trust_app';
const APP_PASSWORD = 'audit-trust-app';

function asRole(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

async function ensureAppRole(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Parallel test runs may race to create it: the loser's duplicate is fine.
    await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${APP_PASSWORD}';
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  } finally {
    await admin.end();
  }
}

const sqlstate = (code: string) => (err: unknown) => (err as { code?: string }).code === code;

describe('the server role cannot rewrite the audit log (PostgreSQL, two roles)', () => {
  let owner: TestDatabase;
  let app: Database;
  before(async () => {
    if (!onPostgres) return;
    await ensureAppRole(process.env.TEST_DATABASE_URL!);
    owner = await testDatabase();
    // As `serve` opens it: DATABASE_URL is the application role, MIGRATION_DATABASE_URL the owner.
    const config = loadConfig({
      DATABASE_URL: asRole(owner.url!, APP_ROLE, APP_PASSWORD),
      MIGRATION_DATABASE_URL: owner.url!,
    });
    app = await openConfiguredDatabase(config);
  });
  after(async () => {
    await app?.close();
    await owner?.close();
  });

  test('migrating through the owner grants the application role INSERT and SELECT on audit_log, and no more', async (t) => {
    if (!onPostgres) return t.skip(PGLITE_HAS_ONE_USER);
    const result = await migrate(app);
    assert.equal(result.grantedTo, APP_ROLE);
    assert.deepEqual(result.applied, [], 'the owner had already migrated this database');
    const me = await sql<{ user: string; superuser: boolean; owns: boolean }>`
      SELECT current_user AS user, r.rolsuper AS superuser, t.tableowner = current_user AS owns
      FROM pg_roles r, pg_tables t WHERE r.rolname = current_user AND t.tablename = 'audit_log'`.execute(app.db);
    assert.deepEqual(me.rows[0], { user: APP_ROLE, superuser: false, owns: false });

    await recordAudit(app.db, null, {
      action: 'read',
      entityType: 'audit_trust_probe',
      entityId: 1,
      requestId: 'probe-1',
    });
    const written = await app.db
      .selectFrom('audit_log')
      .select(['id', 'request_id'])
      .where('entity_type', '=', 'audit_trust_probe')
      .execute();
    assert.equal(written.length, 1);
    assert.equal(written[0]!.request_id, 'probe-1');

    // Refused by privilege, before any trigger could be disabled or bypassed.
    await assert.rejects(sql`UPDATE audit_log SET username = 'someone else'`.execute(app.db), sqlstate('42501'));
    await assert.rejects(sql`DELETE FROM audit_log`.execute(app.db), sqlstate('42501'));
    await assert.rejects(sql`TRUNCATE audit_log`.execute(app.db), sqlstate('42501'));
    await assert.rejects(sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(app.db), sqlstate('42501'));
    await assert.rejects(
      sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(app.db),
      sqlstate('42501'),
    );
    await assert.rejects(sql`DROP TABLE audit_log`.execute(app.db), sqlstate('42501'));
    await assert.rejects(sql`DELETE FROM schema_migrations`.execute(app.db), sqlstate('42501'));
    const kept = await owner.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity_type', '=', 'audit_trust_probe')
      .execute();
    assert.equal(kept.length, 1, 'the entry is still there');
  });

  test('the server works as the application role: login, registration, search, all audited', async (t) => {
    if (!onPostgres) return t.skip(PGLITE_HAS_ONE_USER);
    await migrate(app);
    const server = await buildApp({ database: app, config: { ...loadConfig({}), databaseUrl: undefined } });
    try {
      const username = `trust-officer-${process.pid}`;
      await createUser(owner.db, {
        username,
        displayName: username,
        password: TEST_PASSWORD,
        grants: [{ role: 'district_officer', jurisdictionCode: '330102' }],
      });
      const login = await server.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: TEST_PASSWORD },
      });
      assert.equal(login.statusCode, 200, login.body);
      const auth = { authorization: `Bearer ${login.json().token}` };
      const created = await server.inject({
        method: 'POST',
        url: '/api/v1/elders',
        headers: auth,
        payload: elderBody(),
      });
      assert.equal(created.statusCode, 201, created.body);
      const found = await server.inject({ method: 'GET', url: '/api/v1/elders?jurisdiction=330102001', headers: auth });
      assert.equal(found.statusCode, 200, found.body);
      const actions = await owner.db
        .selectFrom('audit_log')
        .select('action')
        .where('username', '=', username)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        actions.map((a) => a.action),
        ['login', 'create', 'search'],
      );
    } finally {
      await server.close();
    }
  });

  test('a superuser as the application role is refused: the audit log would not be append-only', async (t) => {
    if (!onPostgres) return t.skip(PGLITE_HAS_ONE_USER);
    const superuser = await sql<{ name: string }>`SELECT current_user AS name`.execute(owner.db);
    await assert.rejects(grantApplicationRole(owner, superuser.rows[0]!.name), /superuser/);
  });
});

describe('configuration of the two roles and the statement limit', () => {
  test('MIGRATION_DATABASE_URL defaults to DATABASE_URL; STATEMENT_TIMEOUT_MS defaults to 15 s and is checked', () => {
    const single = loadConfig({ DATABASE_URL: 'postgres://yiyang_app@db/yiyang' });
    assert.equal(single.migrationDatabaseUrl, 'postgres://yiyang_app@db/yiyang');
    assert.equal(single.statementTimeoutMs, 15_000);
    const two = loadConfig({
      DATABASE_URL: 'postgres://yiyang_app@db/yiyang',
      MIGRATION_DATABASE_URL: 'postgres://yiyang_owner@db/yiyang',
      STATEMENT_TIMEOUT_MS: '2500',
    });
    assert.equal(two.migrationDatabaseUrl, 'postgres://yiyang_owner@db/yiyang');
    assert.equal(two.statementTimeoutMs, 2500);
    assert.throws(() => loadConfig({ STATEMENT_TIMEOUT_MS: '15s' }), /STATEMENT_TIMEOUT_MS/);
    assert.throws(
      () => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://yiyang_owner@db/yiyang' }),
      /needs DATABASE_URL/,
    );
    assert.equal(loadConfig({}).migrationDatabaseUrl, undefined);
  });
});

describe('every read of personal data is audited, with its district and request', () => {
  let t: TestApp;
  let officer: string;
  let otherDistrict: string;
  before(async () => {
    t = await testApp();
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    otherDistrict = await t.userWith('district_officer', { jurisdictionCode: '330106' });
  });
  after(() => t.close());

  const entries = (where: { action: string; entityType: string; entityId?: string | number }) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'entity_id', 'district_code', 'request_id', 'username'])
      .where('action', '=', where.action)
      .where('entity_type', '=', where.entityType)
      .$if(where.entityId != null, (q) => q.where('entity_id', '=', String(where.entityId)))
      .orderBy('id')
      .execute();
  const requestIdOf = (res: { headers: Record<string, unknown> }) => {
    const id = res.headers['x-request-id'];
    assert.equal(typeof id, 'string');
    assert.match(id as string, /^[0-9a-f-]{36}$/);
    return id as string;
  };
  const auditSeenBy = async (token: string, query: string) => {
    const res = await t.call(token, { method: 'GET', url: `/api/v1/audit?${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items as {
      action: string;
      entityType: string;
      entityId: string | null;
      districtCode: string | null;
      requestId: string | null;
    }[];
  };

  test('one assessment task: the GET is audited once, the create that answered it is not a read', async () => {
    const elder = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody() });
    const task = await t.call(officer, {
      method: 'POST',
      url: '/api/v1/assessment-tasks',
      payload: { elderId: elder.json().id, reason: 'application' },
    });
    assert.equal(task.statusCode, 201, task.body);
    const id = task.json().id as number;
    assert.deepEqual(await entries({ action: 'read', entityType: 'assessment_task', entityId: id }), []);
    const read = await t.call(officer, { method: 'GET', url: `/api/v1/assessment-tasks/${id}` });
    assert.equal(read.statusCode, 200, read.body);
    const rows = await entries({ action: 'read', entityType: 'assessment_task', entityId: id });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.district_code, '330102');
    assert.equal(rows[0]!.request_id, requestIdOf(read));
    // Outside the reader's reach: 404, and nothing read, so nothing audited.
    const outside = await t.call(otherDistrict, { method: 'GET', url: `/api/v1/assessment-tasks/${id}` });
    assert.equal(outside.statusCode, 404);
    assert.equal((await entries({ action: 'read', entityType: 'assessment_task', entityId: id })).length, 1);
  });

  test('the error report of an import (the refused rows as uploaded) is audited when fetched', async () => {
    const headers = '姓名,身份证号,联系电话,所属社区,详细地址,户籍地,独居,低保,紧急联系人,联系人电话,与老人关系';
    const good = idNumber('1946-03-03', 'F');
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const csv = `\ufeff${headers}\r\n审计老人,${bad},13800138000,清波门社区,清波街道劳动路 9 号,,否,否,,,\r\n`;
    const boundary = `----trust${randomBytes(6).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="elders.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(csv),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await t.call(officer, {
      method: 'POST',
      url: '/api/v1/elders/import',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(upload.statusCode, 422, upload.body);
    const reportId = upload.json().reportId as string;
    const imports = await entries({ action: 'import', entityType: 'elder' });
    assert.equal(imports.at(-1)!.district_code, '330102', 'the refused import names the importer’s district');
    assert.equal(imports.at(-1)!.request_id, requestIdOf(upload));
    const report = await t.call(officer, { method: 'GET', url: `/api/v1/elders/import-reports/${reportId}.csv` });
    assert.equal(report.statusCode, 200);
    assert.match(report.body, /身份证号校验位不正确/);
    const rows = await entries({ action: 'read', entityType: 'elder_import_report', entityId: reportId });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.district_code, '330102');
    assert.equal(rows[0]!.request_id, requestIdOf(report));
  });

  test('one worker and one elder’s 重阳分 transfer are audited reads', async () => {
    const org = await institution(t, officer, { name: `审计测试院-${process.pid}` });
    const staff = await t.userWith('institution_staff', { organisationId: org.id });
    const worker = await t.call(staff, {
      method: 'POST',
      url: '/api/v1/workforce/workers',
      payload: {
        name: '审计护理员',
        idNumber: idNumber('1987-07-07', 'F'),
        education: 'college',
        graduatedOn: '2010-06-30',
        employment: { organisationId: org.id, jobRole: 'caregiver', frontline: true, hiredOn: '2023-03-01' },
      },
    });
    assert.equal(worker.statusCode, 201, worker.body);
    const workerId = worker.json().id as number;
    const before = (await entries({ action: 'read', entityType: 'worker', entityId: workerId })).length;
    const read = await t.call(officer, { method: 'GET', url: `/api/v1/workforce/workers/${workerId}` });
    assert.equal(read.statusCode, 200, read.body);
    const rows = await entries({ action: 'read', entityType: 'worker', entityId: workerId });
    assert.equal(rows.length, before + 1);
    assert.equal(rows.at(-1)!.district_code, '330102');
    assert.equal(rows.at(-1)!.request_id, requestIdOf(read));

    const admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    const budgetId = await budget(t, admin, '330102', 10_000_000);
    const { careId, family } = await elderWithAccount(t, officer);
    const paid = await pay(t, officer, budgetId, careId, 5_000);
    assert.equal(paid.statusCode, 201, paid.body);
    const transferId = paid.json().id as number;
    const seen = await t.call(family, { method: 'GET', url: `/api/v1/ledger/transfers/${transferId}` });
    assert.equal(seen.statusCode, 200, seen.body);
    const reads = await entries({ action: 'read', entityType: 'ledger_transfer', entityId: transferId });
    assert.equal(reads.length, 1);
    assert.equal(reads[0]!.district_code, '330102');
    assert.equal(reads[0]!.request_id, requestIdOf(seen));
  });

  test('search, export, import, login and user creation name their district: its officer sees them in /audit, another district’s does not', async () => {
    const street = `trust-street-${process.pid}`;
    await createUser(t.database.db, {
      username: street,
      displayName: street,
      password: TEST_PASSWORD,
      grants: [{ role: 'street_officer', jurisdictionCode: '330102001' }],
    });
    const login = await t.call(null, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: street, password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    const token = login.json().token as string;

    const search = await t.call(token, { method: 'GET', url: '/api/v1/elders?jurisdiction=330102001051' });
    assert.equal(search.statusCode, 200, search.body);
    const unfiltered = await t.call(token, { method: 'GET', url: '/api/v1/elders' });
    assert.equal(unfiltered.statusCode, 200, unfiltered.body);
    const exported = await t.call(token, { method: 'GET', url: '/api/v1/elders/export.xlsx?jurisdiction=330102001' });
    assert.equal(exported.statusCode, 200, exported.body);
    const body = elderBody();
    const csv = `\ufeff姓名,身份证号,联系电话,所属社区,详细地址\r\n${body.name},${body.idNumber},13800138000,清波门社区,清波街道劳动路 3 号\r\n`;
    const boundary = `----trust${randomBytes(6).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(csv),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const imported = await t.call(token, {
      method: 'POST',
      url: '/api/v1/elders/import',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(imported.statusCode, 200, imported.body);
    const made = await t.call(officer, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: `trust-community-${process.pid}`,
        displayName: '社区审计',
        password: 'a-Strong-password-9',
        grants: [{ role: 'community_worker', jurisdictionCode: '330102001051' }],
      },
    });
    assert.equal(made.statusCode, 201, made.body);

    const mine = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'district_code', 'request_id'])
      .where('username', '=', street)
      .where('action', 'in', ['login', 'search', 'export', 'import'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      mine.map((r) => [r.action, r.district_code, r.request_id]),
      [
        ['login', '330102', requestIdOf(login)],
        ['search', '330102', requestIdOf(search)],
        ['search', '330102', requestIdOf(unfiltered)],
        ['export', '330102', requestIdOf(exported)],
        ['import', '330102', requestIdOf(imported)],
      ],
    );
    const creation = await entries({ action: 'create', entityType: 'user', entityId: made.json().id });
    assert.equal(creation[0]!.district_code, '330102');
    assert.equal(creation[0]!.request_id, requestIdOf(made));

    const forDistrict = await auditSeenBy(officer, `username=${street}&pageSize=200`);
    assert.deepEqual(
      forDistrict
        .filter((r) => r.action !== 'create')
        .map((r) => r.action)
        .reverse(),
      ['login', 'search', 'search', 'export', 'import'],
    );
    assert.ok(forDistrict.every((r) => r.districtCode === '330102' && r.requestId));
    assert.ok(
      (await auditSeenBy(officer, 'entityType=user&action=create')).some((r) => r.entityId === String(made.json().id)),
    );
    assert.deepEqual(await auditSeenBy(otherDistrict, `username=${street}`), []);
  });
});

describe('a request cannot run longer than the statement limit', () => {
  let base: TestDatabase;
  let limited: Database;
  before(async () => {
    base = await testDatabase();
    // As `serve` opens it, with a small limit so the test is quick.
    limited = onPostgres
      ? await openConfiguredDatabase(loadConfig({ DATABASE_URL: base.url!, STATEMENT_TIMEOUT_MS: '300' }))
      : await openDatabase({ dataDir: 'memory://', statementTimeoutMs: 300 });
  });
  after(async () => {
    await limited?.close();
    await base?.close();
  });

  test('every connection starts with the configured statement_timeout', async () => {
    const shown = await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(limited.db);
    assert.equal(shown.rows[0]!.statement_timeout, '300ms');
    assert.equal(limited.statementTimeoutMs, 300);
  });

  test('a statement past the limit fails with SQLSTATE 57014 instead of holding the connection', async (t) => {
    if (!onPostgres) return t.skip(PGLITE_CANNOT_INTERRUPT);
    const started = Date.now();
    await assert.rejects(sql`SELECT pg_sleep(5)`.execute(limited.db), sqlstate('57014'));
    // pg_sleep(5) runs 5 s unless the limit cuts it: anything clearly below shows the cut.
    assert.ok(Date.now() - started < 4500, `stopped after ${Date.now() - started} ms`);
    const still = await sql<{ one: number }>`SELECT 1 AS one`.execute(limited.db);
    assert.equal(still.rows[0]!.one, 1, 'the pool goes on serving');
  });

  test('through the API the timeout answers a clean 503 statement_timeout, in the caller’s language', async (t) => {
    if (!onPostgres) return t.skip(PGLITE_CANNOT_INTERRUPT);
    const server = await buildApp({ database: limited, config: { ...loadConfig({}), databaseUrl: undefined } });
    server.get('/api/v1/audit-trust/slow', { config: { public: true } }, async () => {
      await sql`SELECT pg_sleep(5)`.execute(limited.db);
      return { done: true };
    });
    // Compiling every route's validators happens at ready(): not part of the request's time.
    await server.ready();
    try {
      const started = Date.now();
      const res = await server.inject({
        method: 'GET',
        url: '/api/v1/audit-trust/slow',
        headers: { 'accept-language': 'en' },
      });
      assert.ok(Date.now() - started < 4500, `answered after ${Date.now() - started} ms`);
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'statement_timeout');
      assert.match(res.json().message, /took too long/);
    } finally {
      await server.close();
    }
  });

  test('long jobs lift the limit inside their own transaction only', async (t) => {
    if (!onPostgres) return t.skip(PGLITE_CANNOT_INTERRUPT);
    await limited.db.transaction().execute(async (tx) => {
      await liftStatementTimeout(tx);
      await sql`SELECT pg_sleep(0.6)`.execute(tx);
    });
    await withoutStatementTimeout(limited.db, (conn) => sql`SELECT pg_sleep(0.6)`.execute(conn));
    await assert.rejects(
      sql`SELECT pg_sleep(0.6)`.execute(limited.db),
      sqlstate('57014'),
      'the limit is back for the next request',
    );
  });
});
