// The family portal on a phone (390×844): a daughter logs in, sees her mother's card on the home
// page, applies for a capability assessment and for a place in a public care home herself, orders a
// home-care visit with its price, subsidy and co-payment shown first, and rates a verified visit.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../src/domain/identity/passwords.js';
import { createUser } from '../../src/domain/identity/sessions.js';
import { makeCitizenId } from '../../src/lib/citizen-id.js';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const COMMUNITY = '330102001051';

describe('the family portal on a phone', { timeout: 300_000 }, () => {
  let server: WebServer;
  let phone: TestBrowser | undefined;
  let elderId = 0;
  let homeId = 0;
  let providerId = 0;
  let workerId = 0;
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
    const officer = await server.tokenFor('district-330102');
    const elder = await as(officer, 'POST', '/elders', {
      name: '周阿婆',
      idNumber: makeCitizenId('330102', '1936-04-12', 228),
      phone: '13800138777',
      communityCode: COMMUNITY,
      address: '上城区清波街 30 号',
    });
    elderId = elder.id;
    const home = await as(officer, 'POST', '/institutions', {
      kind: 'institution',
      name: '清波公办养老院',
      ownership: 'public',
      jurisdictionCode: '330102001',
      bedCount: 40,
      nursingBedCount: 30,
    });
    homeId = home.id;
    const org = await db
      .insertInto('organisations')
      .values({
        kind: 'service_provider',
        name: '清波邻里居家服务社',
        jurisdiction_code: COMMUNITY,
        district_code: '330102',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    providerId = org.id;
    await as(officer, 'POST', '/homecare/providers', { organisationId: org.id, streets: ['330102001'] });
    for (const [username, role, grant] of [
      ['fam-daughter', 'elder_family', { elderId }],
      ['fam-staff', 'provider_staff', { organisationId: org.id }],
      ['fam-carer', 'caregiver', { organisationId: org.id }],
    ] as const)
      await createUser(db, {
        username,
        displayName: username === 'fam-daughter' ? '周女士' : username,
        password: DEMO_PASSWORD,
        isDemo: true,
        grants: [{ role, ...grant }],
      });
    const staff = await server.tokenFor('fam-staff');
    await as(staff, 'PUT', `/homecare/providers/${org.id}/items`, { items: [{ itemCode: 'BATH', priceFen: 8000 }] });
    const worker = await as(staff, 'POST', '/workforce/workers', {
      name: '李护理',
      idNumber: makeCitizenId('330102', '1982-06-01', 145),
      education: 'high_school',
      employment: { organisationId: org.id, jobRole: 'caregiver', frontline: true, hiredOn: '2024-01-01' },
    });
    workerId = worker.id;
    await as(staff, 'POST', `/homecare/providers/${org.id}/worker-accounts`, { workerId, username: 'fam-carer' });
  });

  after(async () => {
    await phone?.close();
    await server?.close();
  });

  const realProblems = (b: TestBrowser) => b.problems.filter((p) => !p.includes('status of 401'));
  const noOverflow = async (b: TestBrowser, where: string) => {
    const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${where}: the page is ${overflow}px wider than the phone`);
  };
  /** Picks an option of an Ant Design select by its visible text. */
  const pick = async (b: TestBrowser, field: string, option: RegExp) => {
    await b.page.locator(`.ant-form-item:has(label:text-is("${field}")) .ant-select-selector`).click();
    await b.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
  };

  it('the daughter applies for an assessment and for a care home from her mother’s card', async () => {
    phone = await openBrowser({ width: 390, height: 844 });
    const page = phone.page;
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.locator('#username').waitFor();
    await page.fill('#username', 'fam-daughter');
    await page.fill('#password', DEMO_PASSWORD);
    const started = Date.now();
    await page.locator('button[type=submit]').click();
    const card = page.getByTestId(`family-elder-${elderId}`);
    await card.getByText('周阿婆').waitFor();
    await card.getByText('尚未评估').waitFor();
    const firstContentMs = Date.now() - started;
    await noOverflow(phone, 'home');
    await phone.screenshot('family-home');

    await card.getByRole('button', { name: '查看档案' }).click();
    await page.getByTestId('elder-name').getByText('周阿婆').waitFor();
    await page.getByTestId('record-reads').waitFor();
    await noOverflow(phone, 'record');
    await phone.screenshot('family-record');
    assert.equal(
      await page.getByRole('button', { name: /编\s*辑/ }).count(),
      0,
      'the family reads, the registry edits',
    );
    await page.goBack();
    await card.getByText('周阿婆').waitFor();

    await card.getByRole('button', { name: '申请能力评估' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea').fill('近期行动不便，希望尽快上门评估');
    await dialog.getByRole('button', { name: /提交申请/ }).click();
    await card.getByTestId('open-task').waitFor();
    const task = await server.database.db
      .selectFrom('assessment_tasks')
      .select(['requester_kind', 'reason', 'note', 'status'])
      .where('elder_id', '=', elderId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(task, {
      requester_kind: 'family',
      reason: 'application',
      note: '近期行动不便，希望尽快上门评估',
      status: 'open',
    });
    assert.equal(await card.getByRole('button', { name: '申请能力评估' }).count(), 0, 'one open request at a time');

    await card.getByRole('button', { name: '申请入住养老机构' }).click();
    await pick(phone, '意向机构（按志愿顺序，最多 5 家）', /清波公办养老院/);
    await page.keyboard.press('Escape');
    await phone.screenshot('family-bed-dialog');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /提交申请/ })
      .click();
    await page.waitForURL(/\/waitlist\/\d+$/);
    await page.getByText('清波公办养老院').first().waitFor();
    const app = await server.database.db
      .selectFrom('waitlist_applications as a')
      .innerJoin('waitlist_choices as c', 'c.application_id', 'a.id')
      .select(['a.status', 'c.organisation_id'])
      .where('a.elder_id', '=', elderId)
      .executeTakeFirstOrThrow();
    assert.equal(app.organisation_id, homeId);
    await noOverflow(phone, 'application');
    await phone.screenshot('family-application');
    assert.deepEqual(realProblems(phone), []);
    console.log(`# family home: first content ${firstContentMs} ms after login`);
  });

  it('she orders a bath visit after seeing what it costs, and it reaches the provider', async () => {
    const page = phone!.page;
    await page.goto(`${server.url}/homecare/mine?elderId=${elderId}`);
    await pick(phone!, '服务项目', /助浴/);
    await pick(phone!, '上门时间', /^10:00$/);
    await page.getByRole('button', { name: '查看费用' }).click();
    const quote = page.getByTestId('order-quote');
    await quote.getByText('清波邻里居家服务社').waitFor();
    await quote.getByText('¥80.00').first().waitFor();
    await noOverflow(phone!, 'order form');
    await phone!.screenshot('family-order-quote');
    await page.getByRole('button', { name: '确认下单' }).click();
    await page.getByText('待接单').first().waitFor();
    const order = await server.database.db
      .selectFrom('homecare_orders')
      .select(['status', 'item_code', 'organisation_id', 'price_fen', 'placed_role', 'scheduled_start'])
      .where('elder_id', '=', elderId)
      .executeTakeFirstOrThrow();
    assert.equal(order.status, 'requested');
    assert.equal(order.item_code, 'BATH');
    assert.equal(order.organisation_id, providerId);
    assert.equal(order.price_fen, 8000);
    assert.equal(order.placed_role, 'elder_family');
    const at = new Date(order.scheduled_start).toLocaleTimeString('zh-CN', {
      timeZone: 'Asia/Shanghai',
      hour12: false,
      hour: '2-digit',
      minute: '2-digit',
    });
    assert.equal(at, '10:00');
    await phone!.screenshot('family-orders');
    assert.deepEqual(realProblems(phone!), []);
  });

  it('she sets a visit PIN; the caregiver confirms with it; after the verified visit she rates it once', async () => {
    const page = phone!.page;
    await page.goto(server.url);
    const card = page.getByTestId(`family-elder-${elderId}`);
    await card.getByRole('button', { name: '服务确认码' }).click();
    await page.getByRole('dialog').locator('input[type=password]').fill('2580');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await page.getByText('确认码已设置').waitFor();

    const family = await server.tokenFor('fam-daughter');
    const staff = await server.tokenFor('fam-staff');
    const carer = await server.tokenFor('fam-carer');
    const order = await as(family, 'POST', '/homecare/orders', {
      elderId,
      itemCode: 'BATH',
      providerId,
      scheduledStart: new Date(Date.now() + 5 * 60_000).toISOString(),
    });
    await as(staff, 'POST', `/homecare/orders/${order.id}/accept`);
    await as(staff, 'POST', `/homecare/orders/${order.id}/assign`, { workerId });
    const visit = await server.database.db
      .selectFrom('homecare_visits')
      .select(['id', 'home_lat', 'home_lng'])
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const position = { lat: visit.home_lat!, lng: visit.home_lng!, accuracyM: 10 };
    await as(carer, 'POST', `/homecare/visits/${visit.id}/check-in`, {
      ...position,
      at: at(70),
      clientId: 'family-test-in-1',
    });
    await as(carer, 'POST', `/homecare/visits/${visit.id}/check-out`, {
      ...position,
      at: at(10),
      clientId: 'family-test-out-1',
      confirmation: { method: 'pin', value: '2580' },
      checklist: ['协助洗浴'],
    });

    await page.goto(`${server.url}/homecare/mine?elderId=${elderId}`);
    const row = page.getByTestId(`my-order-${order.id}`);
    await row.getByText('已完成').waitFor();
    await row.getByRole('button', { name: /^评\s*价$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-rate-star').nth(3).click();
    await dialog.locator('textarea').fill('护理员很细心');
    await dialog.getByRole('button', { name: /OK|确\s*定/ }).click();
    await row.getByText('已评价').waitFor();
    await phone!.screenshot('family-rated');
    const confirmed = await server.database.db
      .selectFrom('homecare_visits')
      .select('confirmed_by')
      .where('id', '=', visit.id)
      .executeTakeFirstOrThrow();
    assert.equal(confirmed.confirmed_by, 'pin');
    const rating = await server.database.db
      .selectFrom('homecare_visit_ratings')
      .select(['stars', 'comment'])
      .where('visit_id', '=', visit.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(rating, { stars: 4, comment: '护理员很细心' });
    assert.deepEqual(realProblems(phone!), []);
  });
});
