// Meal assistance (助餐) in a real browser: the community worker sees the meal points in reach
// with today's meals, opens a point's menu, checks an elder in by the elder code (the subsidy and
// the elder's share shown in yuan) and is told in words that a second subsidised lunch is refused;
// the district officer previews last month's settlement to the points.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../src/domain/identity/passwords.js';
import { makeCitizenId } from '../../src/lib/citizen-id.js';
import { todayInShanghai } from '../../src/lib/dates.js';
import { formatFen } from '../../src/lib/money.js';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const COMMUNITY = '330102001051';

function previousMonth(today: string): string {
  const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

describe('meal assistance: points, menus, check-in and the monthly settlement', { timeout: 300_000 }, () => {
  let server: WebServer;
  let browser: TestBrowser | undefined;
  let pointId = 0;
  let elderCode = '';
  const today = todayInShanghai();
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
        name: '清波助餐服务社',
        jurisdiction_code: COMMUNITY,
        district_code: '330102',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const street = await server.tokenFor('street-330102001');
    const point = await as(street, 'POST', '/meals/points', {
      name: '清波街道老年食堂',
      kind: 'canteen',
      organisationId: org.id,
      communityCode: COMMUNITY,
      address: '劳动路 20 号',
      hours: { lunch: '11:00-12:30', dinner: '17:00-18:00' },
      capacity: 80,
      delivers: true,
    });
    pointId = point.id;
    await as(street, 'PUT', `/meals/points/${pointId}/menus`, {
      servedOn: today,
      meal: 'lunch',
      dishes: ['红烧鱼', '青菜', '米饭'],
      priceFen: 1500,
    });
    const officer = await server.tokenFor('district-330102');
    const elder = await as(officer, 'POST', '/elders', {
      name: '陈阿婆',
      idNumber: makeCitizenId('330102', '1938-09-09', 321),
      phone: '13800138456',
      communityCode: COMMUNITY,
      address: '上城区清波街 12 号',
    });
    elderCode = elder.elderCode;
    // Last month's subsidised meals, as the desk would have recorded them, for the settlement preview.
    const last = previousMonth(today);
    await db
      .insertInto('meal_check_ins')
      .values(
        ['01', '02', '03'].map((d) => ({
          meal_point_id: pointId,
          elder_id: elder.id,
          district_code: '330102',
          served_on: `${last}-${d}`,
          meal: 'lunch' as const,
          method: 'qr' as const,
          price_fen: 1500,
          subsidy_fen: 500,
          copay_fen: 1000,
        })),
      )
      .execute();
  });

  after(async () => {
    await browser?.close();
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
  // The login page asks who is logged in before anyone is; a refused check-in answers 409 on purpose.
  const realProblems = (b: TestBrowser) =>
    b.problems.filter((p) => !p.includes('status of 401') && !p.includes('status of 409'));

  it('the community worker checks an elder in by the elder code; a second lunch is refused in words', async () => {
    browser = await openBrowser();
    const page = browser.page;
    page.setDefaultTimeout(15_000);
    await login(browser, 'community-330102001051');
    await page.goto(`${server.url}/community/meals`);
    const row = page.locator(`tr[data-row-key="${pointId}"]`);
    try {
      await row.getByText('清波街道老年食堂').waitFor();
    } catch (err) {
      await browser.screenshot('meals-failed');
      throw new Error(`${(err as Error).message}\n${browser.problems.join('\n')}`);
    }
    await row.getByText('清波街道', { exact: true }).waitFor();
    await row.getByText('午餐 11:00-12:30').waitFor();
    await page.getByTestId(`counts-${pointId}`).getByText('午餐 0/80').waitFor();
    await row.click();

    await page.getByText(/^菜\s*单$/).click();
    await page.getByText('红烧鱼、青菜、米饭').waitFor();
    await page.getByText('就餐登记').click();

    await page.locator('.ant-segmented-item').filter({ hasText: '午餐' }).click();
    await page.getByPlaceholder('老人码（YY 开头）').fill(elderCode);
    await page.getByRole('button', { name: /^登记就餐$/ }).click();
    await page.getByText('陈阿婆：午餐已登记').waitFor();
    const served = await server.database.db
      .selectFrom('meal_check_ins')
      .select(['subsidy_fen', 'copay_fen', 'method'])
      .where('meal_point_id', '=', pointId)
      .where('served_on', '=', today)
      .executeTakeFirstOrThrow();
    assert.equal(served.method, 'qr');
    assert.equal(served.subsidy_fen + served.copay_fen, 1500);
    assert.equal(await page.getByTestId('check-in-subsidy').textContent(), `补贴 ${formatFen(served.subsidy_fen)}`);
    assert.equal(await page.getByTestId('check-in-copay').textContent(), `个人支付 ${formatFen(served.copay_fen)}`);
    await page.getByTestId(`counts-${pointId}`).getByText('午餐 1/80').waitFor();
    await browser.screenshot('meals-check-in');

    await page.getByPlaceholder('老人码（YY 开头）').fill(elderCode);
    await page.getByRole('button', { name: /^登记就餐$/ }).click();
    await page.getByTestId('check-in-refused').getByText('该老人今天的午餐已享受过助餐补贴，不能再次补贴').waitFor();
    await browser.screenshot('meals-refused');
    assert.equal(await page.getByText('助餐补贴月结').count(), 0, 'a community worker does not settle');
    assert.deepEqual(realProblems(browser), []);
    await browser.close();
    browser = undefined;
  });

  it("the district officer previews last month's settlement to the points", async () => {
    browser = await openBrowser();
    const page = browser.page;
    page.setDefaultTimeout(15_000);
    await login(browser, 'district-330102');
    await page.goto(`${server.url}/community/meals`);
    const card = page.locator('.ant-card').filter({ hasText: '助餐补贴月结' });
    const row = card.locator(`tr[data-row-key="${pointId}"]`);
    await row.getByText('清波助餐服务社').waitFor();
    await row.getByText('待结算').waitFor();
    await row.getByText(formatFen(1500)).waitFor();
    await card.getByText(`${previousMonth(today)}：待结算 ${formatFen(1500)}，已结算 ${formatFen(0)}`).waitFor();
    await card.getByRole('button', { name: /^执行月结$/ }).waitFor();
    await browser.screenshot('meals-settlement');
    assert.deepEqual(realProblems(browser), []);
  });
});
