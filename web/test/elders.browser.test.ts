// The elder registry in a real browser against the real server: log in, list and search, register
// with a bad and then a good ID number, read the record, switch to English and 大字模式.
// Screenshots go to test-results/screenshots/ for a human to look at.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { makeCitizenId } from '../../src/lib/citizen-id.js';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
const GIVEN = ['秀英', '桂兰', '建国', '玉兰', '德明', '淑珍', '志强', '凤英'];

/** Two dozen elders in 上城区 so the list, the search and the charts have something to show. */
async function seedElders(server: WebServer): Promise<void> {
  const token = await server.tokenFor('district-330102');
  const communities = await server.database.db
    .selectFrom('jurisdictions')
    .select('code')
    .where('level', '=', 'community')
    .where('code', 'like', '330102%')
    .orderBy('code')
    .limit(8)
    .execute();
  for (let i = 0; i < 24; i++) {
    const birth = `${Math.floor(1928 + i * 1.5)}-0${1 + (i % 9)}-1${i % 10}`;
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/elders',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        name: `${SURNAMES[i % 8]}${GIVEN[(i * 3) % 8]}`,
        idNumber: makeCitizenId('330102', birth, 200 + i),
        phone: `1380013${String(8000 + i)}`,
        communityCode: communities[i % communities.length]!.code,
        address: `上城区劳动路 ${i + 1} 号`,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    if (i % 3 === 0) {
      const flag = ['living_alone', 'subsistence', 'empty_nest'][i % 9 === 0 ? 0 : i % 2]!;
      const f = await server.app.inject({
        method: 'POST',
        url: `/api/v1/elders/${res.json().id}/flags`,
        headers: { authorization: `Bearer ${token}` },
        payload: { flag, effectiveFrom: '2024-01-01' },
      });
      assert.equal(f.statusCode, 200, f.body);
    }
  }
}

const errorUnder = (page: Page, field: string) =>
  page.locator(`.ant-form-item:has(#${field}) .ant-form-item-explain-error`);

async function pickCommunity(page: Page, street: string, community: string) {
  await page.locator('#communityCode').click();
  await page.locator('.ant-cascader-menu-item', { hasText: street }).click();
  await page.locator('.ant-cascader-menu-item', { hasText: community }).click();
}

describe('elder registry in the browser', { timeout: 240_000 }, () => {
  let server: WebServer;
  let b: TestBrowser;
  let page: Page;
  const goodId = makeCitizenId('330102', '1950-03-15', 123); // sequence 123: odd, so male
  const badId = goodId.slice(0, 17) + (goodId[17] === '0' ? '1' : '0');
  const newName = '测试建档老人';
  let elderUrl = '';

  before(async () => {
    server = await startWebServer();
    await seedElders(server);
    b = await openBrowser();
    page = b.page;
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await b?.close();
    await server?.close();
  });

  it('logs in as a district officer and lands on the home page', async () => {
    await page.goto(server.url);
    await page.locator('#username').waitFor();
    await b.screenshot('01-login');
    await page.fill('#username', 'district-330102');
    await page.fill('#password', 'yiyang-demo');
    await page.locator('button[type=submit]').click();
    await page.getByText('您好，上城区民政局').waitFor();
    await page.locator('canvas').first().waitFor(); // the charts have their counts
    await b.screenshot('02-home');
  });

  it('lists and searches elders', async () => {
    await page.locator('.ant-menu-item', { hasText: '老人档案' }).click();
    await page.waitForURL(/\/elders$/);
    await page.locator('.ant-table-row').first().waitFor();
    assert.equal(await page.locator('.ant-table-row').count(), 20, 'first page of 24 elders');
    assert.match(await page.locator('.ant-pagination-total-text').innerText(), /共 24 条/);
    // List ID numbers are masked.
    assert.match(await page.locator('.ant-table-row').first().innerText(), /3301\*{12}\d[\dX]/);
    await b.screenshot('03-list');

    await page.getByPlaceholder('姓名（前几个字）').fill('王');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=%E7%8E%8B/);
    await page.waitForFunction(() => document.querySelectorAll('.ant-table-row').length === 3);
    const names = await page.locator('.ant-table-row td:nth-child(2)').allInnerTexts();
    assert.ok(
      names.every((n) => n.startsWith('王')),
      names.join(),
    );
    await b.screenshot('04-list-search');
  });

  it('refuses a bad ID number inline and saves nothing', async () => {
    await page.locator('.ant-menu-item', { hasText: '老人建档' }).click();
    await page.waitForURL(/\/elders\/new$/);
    await page.fill('#name', newName);
    await page.fill('#idNumber', badId);
    await errorUnder(page, 'idNumber').filter({ hasText: '校验位不正确' }).waitFor();
    await page.locator('button[type=submit]').click();
    await page.waitForTimeout(500);
    assert.match(page.url(), /\/elders\/new$/);
    const saved = await server.database.db.selectFrom('elders').select('id').where('name', '=', newName).execute();
    assert.equal(saved.length, 0);
    await b.screenshot('05-form-bad-id');
  });

  it('registers an elder with a good ID number and shows the record', async () => {
    await page.fill('#idNumber', goodId);
    await page.getByTestId('id-preview').filter({ hasText: '1950-03-15' }).waitFor();
    assert.match(await page.getByTestId('id-preview').innerText(), /男/);
    await errorUnder(page, 'idNumber').filter({ hasText: '校验位不正确' }).waitFor({ state: 'detached' });
    await pickCommunity(page, '清波街道', '清波门社区');
    await page.fill('#phone', '13800138000');
    await page.fill('#address', '清波街道劳动路 88 号');
    await b.screenshot('06-form-good-id');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/elders\/\d+$/);
    elderUrl = page.url();
    assert.equal(await page.getByTestId('elder-name').innerText(), newName);
    await page.getByText('清波门社区').first().waitFor();
    const code = await page.getByTestId('elder-code').innerText();
    assert.match(code, /^YY[0-9A-Z]{11}$/);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.yy-qr');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await b.screenshot('07-detail');
  });

  it('adds and ends a flag, adds and removes a contact, edits the record', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const modalOk = page.locator('.ant-modal-footer .ant-btn-primary');
    const confirm = page.locator('.ant-popconfirm .ant-btn-primary');

    await page.locator('button', { hasText: '添加标识' }).click();
    await page.locator('.ant-modal #flag').click();
    await page.locator('.ant-select-item-option', { hasText: /^独居$/ }).click();
    await modalOk.click();
    const flagRow = page.locator('.ant-table-row', { hasText: '独居' });
    await flagRow.waitFor();
    await flagRow.locator('button', { hasText: '结' }).click();
    await confirm.click();
    await page.locator('.ant-table-row', { hasText: '独居' }).filter({ hasText: today }).waitFor();

    await page.locator('button', { hasText: '添加联系人' }).click();
    await page.fill('.ant-modal #name', '李小明');
    await page.fill('.ant-modal #relation', '儿子');
    await page.fill('.ant-modal #phone', '13900000000');
    await page.locator('.ant-modal .ant-checkbox-input').check();
    await modalOk.click();
    await page.locator('.ant-table-row', { hasText: '李小明' }).filter({ hasText: '监护人' }).waitFor();
    await page.locator('button', { hasText: '添加联系人' }).click();
    await page.fill('.ant-modal #name', '王阿姨');
    await page.fill('.ant-modal #relation', '邻居');
    await modalOk.click();
    const neighbour = page.locator('.ant-table-row', { hasText: '王阿姨' });
    await neighbour.waitFor();
    await neighbour.locator('.ant-btn-dangerous').click();
    await confirm.click();
    await neighbour.waitFor({ state: 'detached' });

    await page.locator('button', { hasText: '编' }).first().click();
    await page.waitForURL(/\/elders\/\d+\/edit$/);
    // The community picker shows the saved community by name.
    await page.locator('.ant-form-item:has(#communityCode)', { hasText: '清波街道 / 清波门社区' }).waitFor();
    assert.equal(await page.inputValue('#idNumber'), goodId);
    await page.fill('#phone', '13700137000');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/elders\/\d+$/);
    await page.getByText('13700137000').waitFor();
    await b.screenshot('07b-detail-flags-contacts');
  });

  it('shows the server’s duplicate-ID error on the ID field', async () => {
    await page.locator('.ant-menu-item', { hasText: '老人建档' }).click();
    await page.fill('#name', `${newName}二`);
    await page.fill('#idNumber', goodId);
    await pickCommunity(page, '清波街道', '清波门社区');
    await page.fill('#address', '清波街道劳动路 90 号');
    await page.locator('button[type=submit]').click();
    await errorUnder(page, 'idNumber').filter({ hasText: '该身份证号已建档' }).waitFor();
    await b.screenshot('08-form-server-error');
  });

  it('imports a file: all or nothing, then partially, with the error report shown', async () => {
    await page.locator('.ant-menu-item', { hasText: '批量导入' }).click();
    await page.waitForURL(/\/elders\/import$/);
    const good = makeCitizenId('330102', '1945-06-01', 311);
    const bad = `${makeCitizenId('330102', '1946-07-02', 312).slice(0, 17)}X`;
    const csv = [
      '姓名,身份证号,联系电话,社区代码,详细地址',
      `导入老人甲,${good},13900139000,330102001051,清波街道 1 号`,
      `导入老人乙,${bad},,330102001051,清波街道 2 号`,
    ].join('\r\n');
    await page.setInputFiles('input[type=file]', {
      name: '老人名单.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.locator('button', { hasText: '开始导入' }).click();
    await page.getByTestId('import-outcome').filter({ hasText: '未写入任何数据' }).waitFor();
    const row = await page.locator('.ant-table-row').first().innerText();
    assert.match(row, /^3\s/, row);
    assert.match(row, /身份证/, row);
    await b.screenshot('09-import-refused');

    await page.getByRole('switch', { name: '部分导入' }).click();
    await page.locator('button', { hasText: '开始导入' }).click();
    await page.getByTestId('import-outcome').filter({ hasText: '成功 1 条，跳过 1 条' }).waitFor();
    const names = await server.database.db
      .selectFrom('elders')
      .select('name')
      .where('name', 'like', '导入老人%')
      .execute();
    assert.deepEqual(
      names.map((n) => n.name),
      ['导入老人甲'],
    );
    await b.screenshot('10-import-partial');
  });

  it('archives an elder who moved away', async () => {
    await page.goto(`${server.url}/elders?q=${encodeURIComponent('黄淑珍')}`);
    await page.locator('.ant-table-row a').first().click();
    await page.waitForURL(/\/elders\/\d+$/);
    await page.locator('button', { hasText: '注销档案' }).click();
    await page.locator('.ant-modal .ant-radio-wrapper', { hasText: '已迁出' }).click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-card-head-title .ant-tag', { hasText: '已迁出' }).waitFor();
    assert.equal(await page.locator('button', { hasText: '注销档案' }).count(), 0, 'an archived record is read-only');
  });

  it('changes the password, with the server’s errors on the right fields', async () => {
    await page.locator('.yy-header .ant-dropdown-trigger').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '修改密码' }).click();
    await page.waitForURL(/\/account\/password$/);
    await page.fill('#currentPassword', 'not-my-password');
    await page.fill('#newPassword', 'district-pass-2025');
    await page.fill('#confirm', 'district-pass-2025');
    await page.locator('button[type=submit]').click();
    await errorUnder(page, 'currentPassword').filter({ hasText: '用户名或密码错误' }).waitFor();
    assert.match(page.url(), /\/account\/password$/, 'a wrong current password is not a lost session');
    await page.fill('#currentPassword', 'yiyang-demo');
    await page.fill('#newPassword', 'short1');
    await page.fill('#confirm', 'short1');
    await page.locator('button[type=submit]').click();
    await errorUnder(page, 'newPassword').filter({ hasText: '至少 10 位' }).waitFor();
    await b.screenshot('10b-password-weak');
    await page.fill('#newPassword', 'district-pass-2025');
    await page.fill('#confirm', 'district-pass-2025');
    await page.locator('button[type=submit]').click();
    await page.getByText('密码已修改').waitFor();
  });

  it('switches to English and to elder-friendly mode', async () => {
    await page.goto(elderUrl);
    await page.getByTestId('elder-name').waitFor();
    await page.locator('.ant-segmented-item', { hasText: 'EN' }).click();
    await page.getByText('Elder code').first().waitFor();
    await page.locator('.ant-menu-item', { hasText: 'Elders' }).first().waitFor();
    await b.screenshot('11-detail-en');

    await page.getByTestId('elder-mode').click();
    await page.waitForFunction(() => document.body.classList.contains('elder-mode'));
    const size = await page
      .locator('.ant-descriptions-item-content')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 20, `elder mode text is ${size}px`);
    await b.screenshot('12-detail-en-elder');

    // Remembered across a reload (localStorage).
    await page.goto(`${server.url}/elders`);
    await page.locator('.ant-table-row').first().waitFor();
    assert.ok(await page.evaluate(() => document.body.classList.contains('elder-mode')));
    await page.getByText('Registered').first().waitFor();
    await b.screenshot('13-list-en-elder');
    await page.locator('.ant-menu-item', { hasText: 'Home' }).click();
    await page.locator('canvas').first().waitFor();
    await b.screenshot('14-home-en-elder');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const [path, shot] of [
        ['/elders', '15-phone-list'],
        [new URL(elderUrl).pathname, '16-phone-detail'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        await page
          .locator(path === '/elders' ? '.ant-table-row' : '[data-testid=elder-name]')
          .first()
          .waitFor();
        await b.screenshot(shot);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
      }
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('goes back to the login page when the session is gone', async () => {
    await b.context.clearCookies();
    await page.locator('.ant-menu-item', { hasText: 'Elders' }).click();
    await page.locator('#username').waitFor();
    await b.screenshot('17-login-en-elder');
    await page.fill('#username', 'district-330102');
    await page.fill('#password', 'district-pass-2025');
    await page.locator('button[type=submit]').click();
    await page.locator('.ant-table-row').first().waitFor(); // back on the page it was sent away from
  });

  it('renders the API docs (Swagger UI) under the server’s CSP', async () => {
    const before = b.problems.length;
    await page.goto(`${server.url}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.locator('.opblock-tag', { hasText: 'elders' }).first().waitFor();
    await b.screenshot('18-api-docs', false);
    assert.deepEqual(b.problems.slice(before), []);
  });

  it('ran without errors in the page', () => {
    assert.deepEqual(
      b.problems.filter((p) => !/status of (400|401|409|422)/.test(p)), // the error paths this test walks: 400 weak password, 401 session gone and wrong password, 409 duplicate ID, 422 refused import
      [],
    );
  });
});
