// Institutions in a real browser against the real server: the bureau's list, map and waiting list;
// an institution's staff admit a resident (with the GB 38600 assessment) and discharge them from
// the beds board; a family sees its place in the queue and accepts a bed; the caregiver registry.
// Screenshots go to test-results/screenshots/inst-*.png.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/domain/identity/sessions.js';
import { makeCitizenId } from '../../src/lib/citizen-id.js';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const PASSWORD = 'test-password-1';
const RISKS = [
  'choking',
  'wrong_intake',
  'pressure_sore',
  'scald',
  'bed_fall',
  'fall',
  'injury',
  'wandering',
  'activity_accident',
];

describe('institutions, waiting list and workforce in the browser', { timeout: 240_000 }, () => {
  let server: WebServer;
  let b: TestBrowser;
  let page: Page;
  let officer: string;
  let privateId = 0;
  let publicId = 0;
  let stayId = 0;
  const admitId = makeCitizenId('330102', '1941-04-04', 311);

  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, token = officer) => {
    const res = await server.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload: payload as object } : {}),
    });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
    return res.json();
  };
  const elder = (name: string, birth: string, seq: number) =>
    call('POST', '/elders', {
      name,
      idNumber: makeCitizenId('330102', birth, seq),
      communityCode: '330102001051',
      address: '清波街道劳动路 1 号',
    });
  const safety = {
    assessedOn: '2025-01-02',
    assessorName: '王评估',
    risks: Object.fromEntries(RISKS.map((r) => [r, 1])),
  };

  async function login(username: string, password = PASSWORD) {
    await page.context().clearCookies();
    await page.goto(server.url);
    await page.locator('#username').waitFor();
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.locator('button[type=submit]').click();
    await page.locator('.ant-layout-sider').waitFor();
  }

  before(async () => {
    server = await startWebServer();
    officer = await server.tokenFor('district-330102');
    const priv = await call('POST', '/institutions', {
      kind: 'institution',
      name: '清波护理院',
      ownership: 'private',
      jurisdictionCode: '330102001',
      bedCount: 120,
      nursingBedCount: 80,
      profile: { hasDementiaUnit: true },
    });
    privateId = priv.id;
    await call('POST', `/institutions/${privateId}/beds`, { bedType: 'elderly_care', prefix: '1F-', count: 8 });
    await call('POST', `/institutions/${privateId}/star-ratings`, {
      evaluatedOn: '2025-01-01',
      scores: { environment: 110, facilities: 118, operations: 140, service: 560 },
    });
    await call('POST', '/elders', {
      name: '入住测试',
      idNumber: admitId,
      communityCode: '330102001051',
      address: '清波街道劳动路 2 号',
    });
    await createUser(server.database.db, {
      username: 'inst-staff',
      displayName: '清波护理院',
      password: PASSWORD,
      grants: [{ role: 'institution_staff', organisationId: privateId }],
    });

    const pub = await call('POST', '/institutions', {
      kind: 'institution',
      name: '上城区社会福利中心',
      ownership: 'public',
      jurisdictionCode: '330102003',
      bedCount: 4,
      nursingBedCount: 4,
    });
    publicId = pub.id;
    const bedIds = (
      await call('POST', `/institutions/${publicId}/beds`, { bedType: 'medical_care', prefix: 'A', count: 2 })
    ).map((x: { id: number }) => x.id);
    for (const [i, bedId] of bedIds.entries()) {
      const e = await elder(`福利院住户${i + 1}`, `193${i}-02-02`, 401 + i * 2);
      const stay = await call('POST', `/institutions/${publicId}/residents`, {
        bedId,
        elderId: e.id,
        officialPlacement: true,
        admittedOn: '2025-01-02',
        safety,
      });
      if (i === 0) stayId = stay.id;
    }
    // Three applicants; the family's elder is 特困, so first in the queue.
    const family = await elder('轮候家属老人', '1938-03-03', 501);
    await call('POST', `/elders/${family.id}/flags`, { flag: 'extreme_poverty', effectiveFrom: '2020-01-01' });
    for (const [i, birth] of ['1935-05-05', '1936-06-06'].entries()) {
      const e = await elder(`轮候老人${i + 1}`, birth, 601 + i * 2);
      await call('POST', '/waitlist/applications', {
        elderId: e.id,
        organisationIds: [publicId],
        appliedOn: `2024-01-0${i + 1}`,
      });
    }
    await call('POST', '/waitlist/applications', { elderId: family.id, organisationIds: [publicId] });
    await createUser(server.database.db, {
      username: 'family-test',
      displayName: '家属',
      password: PASSWORD,
      grants: [{ role: 'elder_family', elderId: family.id }],
    });
    await call('POST', '/workforce/workers', {
      name: '张护理',
      idNumber: makeCitizenId('330102', '1990-07-07', 222),
      education: 'college',
      graduatedOn: '2012-06-30',
      employment: { organisationId: privateId, jobRole: 'caregiver', frontline: true, hiredOn: '2023-03-01' },
    });

    b = await openBrowser();
    page = b.page;
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await b?.close();
    await server?.close();
  });

  it('the bureau sees occupancy, the list and the map', async () => {
    await login('district-330102', 'yiyang-demo');
    await page.goto(`${server.url}/institutions`);
    await page.getByTestId('occupancy-summary').waitFor();
    await page.locator('.ant-table-row', { hasText: '清波护理院' }).waitFor();
    await b.screenshot('inst-01-list');
    await page.locator('.ant-tabs-tab', { hasText: '养老地图' }).click();
    await page.locator('canvas').last().waitFor();
    await b.screenshot('inst-02-map');
  });

  it('the institution page shows its warnings: 120 beds without a rehab room', async () => {
    await page.goto(`${server.url}/institutions/${privateId}`);
    await page.getByTestId('warning-rehab_room_missing').waitFor();
    await page.getByTestId('beds-board').waitFor();
    await b.screenshot('inst-03-institution');
  });

  it('institution staff admit a resident from the beds board and discharge them', async () => {
    await login('inst-staff');
    await page.goto(`${server.url}/institutions/${privateId}`);
    await page.getByTestId('bed-1F-03').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '办理入住' }).click();
    await page.fill('.ant-modal #idNumber', admitId);
    await page.locator('.ant-modal label', { hasText: '高' }).nth(5).click(); // 跌倒: 高
    await page.fill('.ant-modal #assessorName', '李护士');
    await b.screenshot('inst-04-admit-dialog');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId('bed-1F-03').filter({ hasText: '入住测试' }).waitFor();
    await b.screenshot('inst-05-admitted');
    const stay = await server.database.db
      .selectFrom('admission_safety_assessments')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(stay.assessor_name, '李护士');
    assert.deepEqual(
      RISKS.map((r) => stay[r as 'fall']),
      [1, 1, 1, 1, 1, 3, 1, 1, 1],
      'nine risks recorded, 跌倒 high',
    );

    await page.getByTestId('bed-1F-03').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '办理出院' }).click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId('bed-1F-03').filter({ hasText: '空闲' }).waitFor();
    await page.locator('.ant-tabs-tab', { hasText: '在住老人' }).click();
    await page.locator('.ant-segmented-item', { hasText: '已出院' }).click();
    await page.locator('.ant-table-row', { hasText: '1F-03' }).waitFor();
    await b.screenshot('inst-06-discharged');
  });

  it('a family sees its place in the queue and why, then accepts the freed bed', async () => {
    await login('family-test');
    await page.goto(`${server.url}/waitlist/mine`);
    await page.getByTestId('queue-position').filter({ hasText: '1' }).waitFor();
    assert.match(await page.getByTestId('explanation').innerText(), /优先档 1：特困供养对象/);
    await b.screenshot('inst-07-family-queue');
    await call('POST', `/residencies/${stayId}/discharge`, { dischargedOn: '2025-06-01', reason: 'deceased' });
    await page.reload();
    await page.getByTestId('accept-offer').click();
    await page.locator('.ant-tag', { hasText: '已接受，待入住' }).waitFor();
    await b.screenshot('inst-08-family-accepted');
  });

  it('the bureau reads the waiting list and the caregiver registry', async () => {
    await login('district-330102', 'yiyang-demo');
    await page.goto(`${server.url}/institutions/${publicId}`);
    await page.locator('.ant-tabs-tab', { hasText: '入院轮候' }).click();
    await page.locator('.ant-table-row', { hasText: '轮候家属老人' }).waitFor();
    await b.screenshot('inst-09-queue');
    await page.goto(`${server.url}/waitlist`);
    await page.locator('.ant-table-row', { hasText: '轮候老人1' }).waitFor();
    await b.screenshot('inst-10-waitlist');
    await page.goto(`${server.url}/workforce`);
    await page.locator('.ant-table-row', { hasText: '张护理' }).click();
    await page.locator('a', { hasText: '张护理' }).click();
    await page.getByTestId('worker-name').waitFor();
    await b.screenshot('inst-11-worker');
    // 401s are the logged-out page loads between accounts; anything else is a real problem.
    assert.deepEqual(
      b.problems.filter((p) => !p.includes('status of 401')),
      [],
    );
  });
});
