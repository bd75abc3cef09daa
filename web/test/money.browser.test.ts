// Money in a real browser against the real server: a district officer runs the month (preview →
// approve → post → report), reads an elder's 重阳分 statement, browses the policy packs and tries a
// case, and settles providers; a family member sees their own account.
// Screenshots go to test-results/screenshots/money-*.png.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/domain/identity/sessions.js';
import { signLevel } from '../../src/domain/subsidies/subsidy-fixtures.js';
import { makeCitizenId } from '../../src/lib/citizen-id.js';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const PASSWORD = 'test-password-1';
const MONTH = '2025-03';

describe('money pages in the browser', { timeout: 240_000 }, () => {
  let server: WebServer;
  let b: TestBrowser;
  let page: Page;
  let admin: string;
  let officer: string;
  const elders: number[] = [];
  let providerAccount = 0;

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

  async function login(username: string, password = PASSWORD) {
    await page.context().clearCookies();
    await page.goto(server.url);
    await page.locator('#username').waitFor();
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.locator('button[type=submit]').click();
    await page.locator('.ant-layout-sider, .ant-layout-header').first().waitFor();
  }

  before(async () => {
    server = await startWebServer();
    admin = await server.tokenFor('admin');
    officer = await server.tokenFor('district-330102');
    for (const code of ['330100', '330102'])
      await call('POST', '/ledger/accounts', { type: 'budget', ownerCode: code, appropriationFen: 100_000_000 }, admin);
    for (const [i, [birth, level]] of (
      [
        ['1950-05-05', 3],
        ['1952-06-06', 2],
        ['1941-07-07', 4],
      ] as const
    ).entries()) {
      const e = await call('POST', '/elders', {
        name: `重阳分老人${i + 1}`,
        idNumber: makeCitizenId('330102', birth, 701 + i * 2),
        communityCode: '330102001051',
        address: '清波街道劳动路 8 号',
      });
      elders.push(e.id);
      await signLevel(server.database.db, e.id, level);
    }
    await call('POST', `/elders/${elders[0]}/flags`, { flag: 'subsistence', effectiveFrom: '2024-01-01' });
    await createUser(server.database.db, {
      username: 'money-family',
      displayName: '重阳分家属',
      password: PASSWORD,
      grants: [{ role: 'elder_family', elderId: elders[0]! }],
    });
    await createUser(server.database.db, {
      username: 'money-officer',
      displayName: '上城区民政局',
      password: PASSWORD,
      grants: [{ role: 'district_officer', jurisdictionCode: '330102' }],
    });
    const org = await server.database.db
      .insertInto('organisations')
      .values({
        kind: 'home_care_provider',
        name: '清波居家服务社',
        jurisdiction_code: '330102001051',
        district_code: '330102',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    providerAccount = (await call('POST', '/ledger/accounts', { type: 'provider', ownerId: org.id })).id;
    b = await openBrowser();
    page = b.page;
    page.setDefaultTimeout(20_000);
  });

  after(async () => {
    await b?.close();
    await server?.close();
  });

  it('runs the month: preview, approve, post, report', async () => {
    await login('money-officer');
    await page.goto(`${server.url}/money/runs`);
    await page.getByTestId('run-month').fill(MONTH);
    await page.getByTestId('run-preview').click();
    await page.getByTestId('approve-330102').waitFor();
    const row = page.locator('tr', { hasText: '330102' }).first();
    // 600 (level 3, 低保 100%) + 120 (level 2, 30%) + 400 (level 4, 高龄 50%)
    assert.match(await row.innerText(), /¥1,120\.00/);
    await b.screenshot('money-run-preview');
    // Four eyes: the officer who computed the preview may not approve it; a second officer does.
    await page.getByTestId('approve-330102').click();
    await page.locator('.ant-message').getByText(/审批/).waitFor();
    const run = ((await call('GET', '/subsidies/runs')) as { id: number; month: string }[]).find(
      (r) => r.month === MONTH,
    )!;
    await call('POST', `/subsidies/runs/${run.id}/districts/330102/approve`);
    await page.getByTestId('run-preview').click();
    await page.getByTestId('run-post').click();
    await page.getByTestId('run-report').waitFor();
    assert.match(await page.getByTestId('run-report').innerText(), /330102[\s\S]*3[\s\S]*¥1,120\.00/);
    await b.screenshot('money-run-report');
    const care = await call('GET', `/ledger/accounts?type=care&owner=${elders[0]}`);
    assert.equal(care.items[0].balanceFen, 60_000);
  });

  it("shows an elder's 重阳分 statement to the officer and to the family", async () => {
    const care = (await call('GET', `/ledger/accounts?type=care&owner=${elders[0]}`)).items[0];
    await page.goto(`${server.url}/money/accounts/${care.id}`);
    await page.getByTestId('statement').waitFor();
    assert.match(await page.getByTestId('statement').innerText(), /普惠型养老服务补贴 2025-03/);
    await login('money-family');
    await page.goto(`${server.url}/money/my-account`);
    await page.getByTestId('account-balance').waitFor();
    assert.match(await page.getByTestId('account-balance').innerText(), /¥600\.00/);
    await b.screenshot('money-my-account');
  });

  it('browses the policy packs with their sources and tries a case', async () => {
    await login('money-officer');
    await page.goto(`${server.url}/money/policies`);
    await page.getByText('杭州市 330100').waitFor();
    await page.getByText('workforce.entryBonus').click();
    await page.getByTestId('version-workforce.entryBonus-2').waitFor();
    assert.match(await page.getByTestId('version-workforce.entryBonus-2').innerText(), /满3年后发放30%/);
    assert.match(await page.getByTestId('version-workforce.entryBonus-2').innerText(), /instalments/);
    await page.getByTestId('try-run').click();
    await page.getByTestId('try-answer').waitFor();
    assert.match(await page.getByTestId('try-answer').innerText(), /¥3,000\.00/);
    await b.screenshot('money-policies');
  });

  it('lets the city administrator set a budget appropriation', async () => {
    const budget = (await call('GET', '/ledger/accounts?type=budget&owner=330102', undefined, admin)).items[0];
    await login('admin', 'yiyang-demo');
    await page.goto(`${server.url}/money/accounts/${budget.id}`);
    await page.getByTestId('appropriation-edit').click();
    await page.getByTestId('appropriation-input').fill('2000000');
    await page.getByTestId('appropriation-save').click();
    await page.getByText('¥2,000,000.00').first().waitFor();
    assert.equal((await call('GET', `/ledger/accounts/${budget.id}`, undefined, admin)).appropriationFen, 200_000_000);
    await b.screenshot('money-budget');
    await login('money-officer');
  });

  it('settles the providers and offers the bank file', async () => {
    const family = await server.tokenFor('money-family', PASSWORD);
    const care = (await call('GET', `/ledger/accounts?type=care&owner=${elders[0]}`)).items[0];
    await call(
      'POST',
      '/ledger/transfers',
      {
        fromAccountId: care.id,
        toAccountId: providerAccount,
        amountFen: 12_50,
        idempotencyKey: 'browser-pay-1',
        memo: '助餐',
      },
      family,
    );
    await page.goto(`${server.url}/money/settlements`);
    await page.getByTestId('settle-create').click();
    await page.locator('a[data-testid^="csv-"]').first().waitFor();
    assert.match(await page.locator('.ant-table-row').first().innerText(), /¥12\.50/);
    await b.screenshot('money-settlements');
    // 401s are the login page asking who is signed in after each log-out; the one 403 is the
    // four-eyes refusal of the preview's author approving it.
    assert.deepEqual(
      b.problems.filter((p) => !p.includes('status of 401')),
      ['console: Failed to load resource: the server responded with a status of 403 (Forbidden)'],
    );
  });
});
