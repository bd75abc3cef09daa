// Capability assessment in a real browser on a tablet-sized screen: an assessor fills the form one
// dimension a page with the live subtotal, submits and signs; the second signature seals it; the
// result shows the radar chart and prints; an officer reads the re-check dashboard.
// Screenshots go to test-results/screenshots/assessment-*.png.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { itemsWithTotal } from '../../src/domain/assessment/fixtures.js';
import { drawRechecks } from '../../src/domain/assessment/rechecks.js';
import { DIMENSIONS, ITEMS } from '../../src/domain/assessment/scale.js';
import { makeContext } from '../../src/domain/identity/context.js';
import { actorForUser, createUser } from '../../src/domain/identity/sessions.js';
import { makeCitizenId } from '../../src/lib/citizen-id.js';
import { todayInShanghai } from '../../src/lib/dates.js';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

describe('capability assessment in the browser', { timeout: 300_000 }, () => {
  let server: WebServer;
  let b: TestBrowser;
  let page: Page;
  let assessmentId = 0;
  const answers = itemsWithTotal(58);
  const month = todayInShanghai().slice(0, 7);

  const call = async (username: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await server.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: {
        authorization: `Bearer ${await server.tokenFor(username, username.startsWith('assessor-') && username !== 'assessor-330102' ? 'test-password-1' : undefined)}`,
      },
      ...(payload ? { payload } : {}),
    });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
    return res.json();
  };

  before(async () => {
    server = await startWebServer();
    const db = server.database.db;
    for (const name of ['assessor-b', 'assessor-c'])
      await createUser(db, {
        username: name,
        displayName: name === 'assessor-b' ? '第二评估员' : '复评员',
        password: 'test-password-1',
        grants: [{ role: 'assessor', jurisdictionCode: '330102' }],
      });
    const ids = Object.fromEntries(
      (await db.selectFrom('users').select(['id', 'username']).where('username', 'like', 'assessor-%').execute()).map(
        (u) => [u.username, u.id],
      ),
    );
    for (const [i, username] of ['assessor-330102', 'assessor-b', 'assessor-c'].entries()) {
      await call('admin', 'POST', '/assessor-qualifications', {
        userId: ids[username],
        certificateNo: `ZJ-PG-2024-${100 + i}`,
        issuer: '浙江省民政厅',
        issuedOn: '2024-01-01',
        expiresOn: '2028-12-31',
      });
    }
    const elder = await call('district-330102', 'POST', '/elders', {
      name: '周桂英',
      idNumber: makeCitizenId('330102', '1938-04-12', 224),
      communityCode: '330102001051',
      address: '清波街道劳动路 18 号',
    });
    const task = await call('district-330102', 'POST', '/assessment-tasks', {
      elderId: elder.id,
      reason: 'application',
    });
    await call('district-330102', 'POST', `/assessment-tasks/${task.id}/assign`, {
      assessorIds: [ids['assessor-330102'], ids['assessor-b']],
    });
    b = await openBrowser({ width: 1024, height: 768 }); // a 10-inch tablet in landscape
    page = b.page;
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await b?.close();
    await server?.close();
  });

  it('an assessor fills the form one dimension a page with a live subtotal', async () => {
    await page.goto(server.url);
    await page.fill('#username', 'assessor-330102');
    await page.fill('#password', 'yiyang-demo');
    await page.locator('button[type=submit]').click();
    await page.locator('.ant-menu-submenu', { hasText: '能力评估' }).click();
    await page.locator('.ant-menu-item', { hasText: '评估任务' }).click();
    await page.waitForURL(/\/assessments$/);
    await page.locator('[data-testid^=start-]').first().click();
    await page.waitForURL(/\/assessments\/\d+\/edit$/);
    assessmentId = Number(/\/assessments\/(\d+)\/edit/.exec(page.url())![1]);
    for (const [pageIndex, dim] of DIMENSIONS.entries()) {
      let expected = 0;
      for (const item of ITEMS.filter((i) => i.dimension === dim.code)) {
        await page.getByTestId(`option-${item.code}-${answers[item.code]}`).click();
        expected += answers[item.code]!;
        assert.equal(
          await page.getByTestId(`subtotal-${dim.code}`).innerText(),
          String(expected),
          `live subtotal after ${item.code}`,
        );
      }
      if (pageIndex === 0) await b.screenshot('assessment-01-form-self-care', false);
      await page.getByTestId('next').click();
    }
    assert.equal(await page.getByTestId('subtotal-total').innerText(), '58');
  });

  it('records two care-risk events, submits, and signs', async () => {
    await page.getByTestId('risk-fall').fill('1');
    await page.getByTestId('risk-choking').fill('1');
    await b.screenshot('assessment-02-modifiers', false);
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await page.getByTestId('preview').filter({ hasText: '58 / 90' }).waitFor();
    assert.match(await page.getByTestId('preview').innerText(), /3 能力重度受损/);
    await page.getByTestId('submit').click();
    await page.getByTestId('sign').click();
    await page.getByText('ZJ-PG-2024-100').waitFor();
    await b.screenshot('assessment-03-signed-once');
    await call('assessor-b', 'POST', `/assessments/${assessmentId}/sign`);
  });

  it('shows the result with a radar chart and prints the report with signatures', async () => {
    await page.goto(`${server.url}/assessments/${assessmentId}`);
    await page.getByTestId('final-level').filter({ hasText: '3' }).waitFor();
    assert.match(await page.getByTestId('reasons').innerText(), /照护风险事件 2 次/);
    await page.locator('.yy-assess-radar canvas').waitFor();
    await page.getByTestId('signatures').locator('.ant-table').getByText('第二评估员').waitFor();
    await b.screenshot('assessment-04-result');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.ant-layout-sider').isVisible(), false, 'the menu is not printed');
    assert.equal(await page.locator('.yy-signature-line').first().isVisible(), true, 'signature lines are printed');
    await b.screenshot('assessment-05-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('an officer reads the re-check dashboard', async () => {
    const db = server.database.db;
    const officer = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'district-330102')
      .executeTakeFirstOrThrow();
    const [y, m] = month.split('-').map(Number) as [number, number];
    const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    // Drawn on the first day of the next month (noon in Asia/Shanghai).
    const ctx = makeContext({
      db,
      actor: (await actorForUser(db, officer.id, null))!,
      requestId: 'browser-test',
      now: new Date(`${nextMonth}T12:00:00+08:00`),
    });
    const draw = await drawRechecks(ctx, { districtCode: '330102', month, share: 1, seed: 7 });
    assert.equal(draw.items[0]!.recheckAssessor?.name, '复评员');
    await call('assessor-c', 'POST', `/recheck-items/${draw.items[0]!.id}/rescore`, {
      items: itemsWithTotal(46),
      riskEvents30d: { fall: 1, choking: 1 },
    });
    await b.context.clearCookies();
    await page.goto(server.url);
    await page.fill('#username', 'district-330102');
    await page.fill('#password', 'yiyang-demo');
    await page.locator('button[type=submit]').click();
    await page.getByText('您好').waitFor();
    await page.goto(`${server.url}/assessment-rechecks?month=${month}`);
    await page.getByTestId('overall').getByText('100.0%').waitFor();
    await page.getByTestId('outliers').waitFor();
    await b.screenshot('assessment-06-recheck-dashboard');
    // The 401s are the app asking who is signed in right after the cookies were cleared.
    assert.deepEqual(
      b.problems.filter((p) => !p.includes('401 (Unauthorized)')),
      [],
    );
  });
});
