// The joined-up elder record in a real browser on a phone (390×844): the district officer opens an
// elder with a 重阳分 account and a payment, sees places by name, the balance with the payment's
// memo, the actions that start from the elder, and who read the record.
// Screenshots go to test-results/screenshots/ for a human to look at.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { makeCitizenId } from '../../src/lib/citizen-id.js';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

describe('the elder record on a phone', { timeout: 240_000 }, () => {
  let server: WebServer;
  let b: TestBrowser;
  let page: Page;
  let elderId = 0;

  before(async () => {
    server = await startWebServer();
    const admin = await server.tokenFor('admin');
    const officer = await server.tokenFor('district-330102');
    const as = (token: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      server.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload });
    const elder = await as(officer, 'POST', '/elders', {
      name: '周桂芳',
      idNumber: makeCitizenId('330102', '1941-06-12', 456),
      phone: '13800138123',
      communityCode: '330102001051',
      address: '上城区劳动路 8 号',
    });
    assert.equal(elder.statusCode, 201, elder.body);
    elderId = elder.json().id;
    const budget = await as(admin, 'POST', '/ledger/accounts', {
      type: 'budget',
      ownerCode: '330102',
      appropriationFen: 10_000_000,
    });
    assert.ok(budget.statusCode === 201 || budget.statusCode === 200, budget.body);
    const care = await as(officer, 'POST', '/ledger/accounts', { type: 'care', ownerId: elderId });
    assert.equal(care.statusCode, 201, care.body);
    const paid = await as(officer, 'POST', '/ledger/transfers', {
      fromAccountId: budget.json().id,
      toAccountId: care.json().id,
      amountFen: 20_000,
      idempotencyKey: `record-browser-${process.pid}`,
      memo: '重阳节敬老金',
    });
    assert.ok(paid.statusCode === 201 || paid.statusCode === 200, paid.body);
    b = await openBrowser({ width: 390, height: 844 });
    page = b.page;
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await b?.close();
    await server?.close();
  });

  it('shows the record joined up, fitting the phone', async () => {
    await page.goto(server.url);
    await page.locator('#username').waitFor();
    await page.fill('#username', 'district-330102');
    await page.fill('#password', 'yiyang-demo');
    await page.locator('button[type=submit]').click();
    await page.getByText('您好，上城区民政局').waitFor();
    await page.goto(`${server.url}/elders/${elderId}`);
    await page.getByTestId('elder-name').waitFor();
    await page
      .locator('.ant-descriptions-item-content')
      .filter({ hasText: /上城区\s*330102\s*\/\s*\S+街道\s*330102/ })
      .waitFor();
    await page.getByTestId('record-account').getByText('余额 ¥200.00').waitFor();
    await page.getByTestId('record-account').getByText('重阳节敬老金').waitFor();
    await page.getByRole('button', { name: '申请能力评估' }).waitFor();
    await page.getByTestId('record-reads').getByText('上城区民政局').first().waitFor();
    await b.screenshot('elder-record-phone');
    await page.getByTestId('elder-record').screenshot({ path: 'test-results/screenshots/elder-record-cards.png' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
    assert.deepEqual(
      b.problems.filter((p) => !p.includes('status of 401')), // the login page asks who is logged in
      [],
    );
  });
});
