// Home care in a real browser: the provider's staff accept and assign an order on the orders page;
// the caregiver, on a phone (390×844) with a simulated position at the elder's home, sees today's
// round and checks in and out with the elder's code, and the visit is verified and paid.
// The phone's clock runs an hour behind so the visit has its standard length; the server accepts
// device times in the past (an offline check-in sent later) and never ahead of it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../src/domain/identity/passwords.js';
import { createUser } from '../../src/domain/identity/sessions.js';
import { makeCitizenId } from '../../src/lib/citizen-id.js';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const COMMUNITY = '330102001051';

describe('home care: the provider accepts, the caregiver checks in and out on a phone', { timeout: 300_000 }, () => {
  let server: WebServer;
  let desk: TestBrowser | undefined;
  let phone: TestBrowser | undefined;
  let orderId = 0;
  let workerId = 0;
  let elderCode = '';
  let home = { lat: 0, lng: 0 };
  const as = async (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) => {
    const res = await server.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
    return res.json();
  };

  before(async () => {
    server = await startWebServer();
    const db = server.database.db;
    const org = await db
      .insertInto('organisations')
      .values({
        kind: 'service_provider',
        name: '清波居家养老服务中心',
        jurisdiction_code: COMMUNITY,
        district_code: '330102',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const officer = await server.tokenFor('district-330102');
    await as(officer, 'POST', '/homecare/providers', { organisationId: org.id, streets: ['330102001'] });
    const elder = await as(officer, 'POST', '/elders', {
      name: '陈阿婆',
      idNumber: makeCitizenId('330102', '1938-09-09', 321),
      phone: '13800138456',
      communityCode: COMMUNITY,
      address: '上城区清波街 12 号',
    });
    elderCode = elder.elderCode;
    for (const [username, role, grant] of [
      ['hc-staff', 'provider_staff', { organisationId: org.id }],
      ['hc-carer', 'caregiver', { organisationId: org.id }],
      ['hc-family', 'elder_family', { elderId: elder.id }],
    ] as const)
      await createUser(db, {
        username,
        displayName: username,
        password: DEMO_PASSWORD,
        isDemo: true,
        grants: [{ role, ...grant }],
      });
    const staff = await server.tokenFor('hc-staff');
    await as(staff, 'PUT', `/homecare/providers/${org.id}/items`, { items: [{ itemCode: 'BATH', priceFen: 8000 }] });
    const worker = await as(staff, 'POST', '/workforce/workers', {
      name: '王护理',
      idNumber: makeCitizenId('330102', '1980-03-05', 135),
      education: 'high_school',
      employment: { organisationId: org.id, jobRole: 'caregiver', frontline: true, hiredOn: '2024-01-01' },
    });
    workerId = worker.id;
    await as(staff, 'POST', `/homecare/providers/${org.id}/worker-accounts`, { workerId, username: 'hc-carer' });
    const family = await server.tokenFor('hc-family');
    const order = await as(family, 'POST', '/homecare/orders', {
      elderId: elder.id,
      itemCode: 'BATH',
      providerId: org.id,
      scheduledStart: new Date(Date.now() + 5 * 60_000).toISOString(),
    });
    orderId = order.id;
  });

  after(async () => {
    await desk?.close();
    await phone?.close();
    await server?.close();
  });

  const login = async (b: TestBrowser, username: string) => {
    await b.page.goto(server.url);
    await b.page.locator('#username').waitFor();
    await b.page.fill('#username', username);
    await b.page.fill('#password', DEMO_PASSWORD);
    await b.page.locator('button[type=submit]').click();
    await b.page.locator('#username').waitFor({ state: 'detached' });
  };
  // The login page asks who is logged in before anyone is: those 401s are expected.
  const realProblems = (b: TestBrowser) => b.problems.filter((p) => !p.includes('status of 401'));

  it("the provider's staff accept the order and assign their caregiver", async () => {
    desk = await openBrowser();
    const page = desk.page;
    page.setDefaultTimeout(15_000);
    await login(desk, 'hc-staff');
    await page.goto(`${server.url}/homecare/orders`);
    const row = page.locator(`tr[data-row-key="${orderId}"]`);
    await row.getByText('待接单').waitFor();
    await row.getByText('陈阿婆').waitFor();
    await row.getByRole('button', { name: /^接\s*单$/ }).click();
    await row.getByText('已接单').waitFor();
    await row.getByRole('button', { name: /^派\s*单$/ }).click();
    // The platform proposes the provider's workers, ranked, with why; the staff assign the first.
    const candidate = page.getByRole('dialog').getByTestId(`candidate-${workerId}`);
    await candidate.getByText('王护理').waitFor();
    await candidate.getByText(/当天已排 0 单/).waitFor();
    await desk.screenshot('homecare-provider-dispatch');
    await candidate.getByRole('button', { name: /^派\s*单$/ }).click();
    await row.getByText('已派单').waitFor();
    await row.getByText('王护理').waitFor();
    await desk.screenshot('homecare-provider-orders');
    const order = await server.database.db
      .selectFrom('homecare_orders')
      .select(['status', 'worker_id'])
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(order, { status: 'assigned', worker_id: workerId });
    assert.deepEqual(realProblems(desk), []);
  });

  it("the caregiver sees today's round on a phone and checks in and out at the elder's home", async () => {
    const visit = await server.database.db
      .selectFrom('homecare_visits')
      .select(['id', 'home_lat', 'home_lng'])
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    assert.ok(visit.home_lat != null && visit.home_lng != null, 'the home has a position');
    home = { lat: visit.home_lat, lng: visit.home_lng };
    phone = await openBrowser({ width: 390, height: 844 });
    const page = phone.page;
    page.setDefaultTimeout(15_000);
    await phone.context.grantPermissions(['geolocation'], { origin: server.url });
    await phone.context.setGeolocation({ latitude: home.lat + 0.0002, longitude: home.lng, accuracy: 12 });
    await page.clock.install({ time: new Date(Date.now() - 70 * 60_000) });
    await login(phone, 'hc-carer');
    await page.goto(`${server.url}/homecare/today`);
    const card = page.getByTestId(`visit-${visit.id}`);
    try {
      await card.waitFor();
    } catch (err) {
      await phone.screenshot('homecare-caregiver-failed');
      throw new Error(`${(err as Error).message}\n${phone.problems.join('\n')}`);
    }
    await card.getByText('陈阿婆').waitFor();
    await card.getByText('助浴').waitFor();
    await card.getByText('待上门').waitFor();
    await card.getByRole('link', { name: '导航' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
    await phone.screenshot('homecare-caregiver-today');

    await card.getByRole('button', { name: /^签\s*到$/ }).click();
    await card.getByText('服务中').waitFor();
    await page.clock.fastForward('01:00:00');
    await card.getByText('协助洗浴').click();
    await card.getByPlaceholder('老人码（请老人出示）').fill(elderCode);
    await card.getByPlaceholder('服务备注').fill('洗浴顺利');
    await card.getByRole('button', { name: /^签\s*退$/ }).click();
    await card.getByText('已核验').waitFor();
    await phone.screenshot('homecare-caregiver-done');

    const done = await server.database.db
      .selectFrom('homecare_visits')
      .select(['status', 'check_in_at', 'check_out_at', 'check_in_distance_m', 'confirmed_by', 'checklist', 'notes'])
      .where('id', '=', visit.id)
      .executeTakeFirstOrThrow();
    assert.equal(done.status, 'verified');
    assert.equal(done.confirmed_by, 'elder_code');
    assert.deepEqual(done.checklist, ['协助洗浴']);
    assert.equal(done.notes, '洗浴顺利');
    assert.ok((done.check_in_distance_m ?? 999) < 50, String(done.check_in_distance_m));
    const minutes = (new Date(done.check_out_at!).getTime() - new Date(done.check_in_at!).getTime()) / 60_000;
    assert.ok(minutes >= 59 && minutes <= 62, String(minutes));
    assert.deepEqual(realProblems(phone), []);
  });

  it("the caregiver's SOS reaches the provider's staff, who acknowledge and resolve it", async () => {
    const page = phone!.page;
    await page.getByRole('button', { name: /紧急求助/ }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /OK|确\s*定/ })
      .click();
    await page.getByText('求助已发出').waitFor();
    await phone!.screenshot('homecare-caregiver-sos');
    const staffPage = desk!.page;
    await staffPage.goto(`${server.url}/homecare/orders`);
    const alerts = staffPage.getByTestId('sos-alerts');
    await alerts.getByText('王护理').waitFor();
    await alerts.getByRole('button', { name: /已知悉/ }).click();
    await alerts.getByPlaceholder('处理情况（必填）').fill('已电话联系，护理员安全');
    await alerts.getByRole('button', { name: /处理完毕/ }).click();
    await alerts.waitFor({ state: 'detached' });
    const row = await server.database.db
      .selectFrom('homecare_worker_alerts')
      .select(['status', 'resolution', 'worker_id'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'resolved', resolution: '已电话联系，护理员安全', worker_id: workerId });
    assert.deepEqual(realProblems(desk!), []);
  });
});
