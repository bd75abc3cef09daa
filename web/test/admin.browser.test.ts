// Administration in a real browser: the city administrator creates a community worker's account,
// reads the place by name, changes the grant, resets the password (the worker logs in with it),
// then finds all of it in the audit log. Screenshots go to test-results/screenshots/.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, type TestBrowser } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

describe('administration pages in the browser', { timeout: 240_000 }, () => {
  let server: WebServer;
  let b: TestBrowser;
  let page: Page;
  const modalOk = () => page.locator('.ant-modal-footer .ant-btn-primary');
  const row = () => page.locator('.ant-table-row', { hasText: 'qingbo-zhang' });

  before(async () => {
    server = await startWebServer();
    b = await openBrowser();
    page = b.page;
    page.setDefaultTimeout(15_000);
  });
  after(async () => {
    await b?.close();
    await server?.close();
  });

  it('the city administrator creates an account and sees its place by name', async () => {
    await page.goto(server.url);
    await page.fill('#username', 'admin');
    await page.fill('#password', 'yiyang-demo');
    await page.locator('button[type=submit]').click();
    await page.getByText('您好').waitFor();
    await b.screenshot('admin-00-home');
    await page.goto(`${server.url}/admin/users`);
    await page.locator('.ant-table-row').first().waitFor();
    await page.locator('button', { hasText: '新建账号' }).click();
    await page.fill('.ant-modal #username', 'qingbo-zhang');
    await page.fill('.ant-modal #displayName', '张社工');
    await page.fill('.ant-modal #password', 'Qingbo-2026-start');
    await page.locator('.ant-modal #jurisdictionCode').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '上城区' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '清波街道' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '清波门社区' }).click();
    await b.screenshot('admin-01-create');
    await modalOk().click();
    await row().filter({ hasText: '清波门社区' }).waitFor();
    assert.doesNotMatch(await row().innerText(), /330102001051/);
    await b.screenshot('admin-02-list');
  });

  it('changes the grant and resets the password; the worker logs in with the new one', async () => {
    await row().locator('button', { hasText: '变更授权' }).click();
    await page.locator('.ant-modal-title', { hasText: '变更授权' }).waitFor();
    await b.screenshot('admin-02b-grant');
    await page.locator('.ant-modal .ant-form-item:has(#role) .ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '街道（乡镇）干部' }).click();
    await page.locator('.ant-modal .ant-form-item:has(#jurisdictionCode) .ant-select').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '上城区' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '清波街道' }).click();
    // A street officer's grant may stop at the street: close the cascader on the street.
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal .ant-form-item:has(#jurisdictionCode)', { hasText: '上城区 / 清波街道' }).waitFor();
    await b.screenshot('admin-02c-grant-street');
    await modalOk().click();
    await row().filter({ hasText: '街道（乡镇）干部' }).waitFor();

    await row().locator('button', { hasText: '重置密码' }).click();
    await page.fill('.ant-modal #password', 'abc');
    await modalOk().click();
    await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
    await page.fill('.ant-modal #password', 'Qingbo-2026-reset');
    await modalOk().click();
    await page.getByText('密码已重置').waitFor();
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'qingbo-zhang', password: 'Qingbo-2026-reset' },
    });
    assert.equal(login.statusCode, 200, login.body);
    const logged = await server.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'district_code'])
      .where('username', '=', 'admin')
      .orderBy('id')
      .execute();
    assert.ok(
      logged.some((r) => r.action === 'password_reset'),
      JSON.stringify(logged),
    );
    await b.screenshot('admin-03-after-reset');
  });

  it('the audit log shows the account changes with names, and exports them', async () => {
    await page.goto(`${server.url}/admin/audit`);
    await page.locator('.ant-table-row').first().waitFor();
    await page.locator('.ant-form-item:has(#entityType) .ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: /^账号$/ }).click();
    await page.locator('button', { hasText: /搜\s*索/ }).click();
    await b.screenshot('admin-04a-audit');
    await page.locator('.ant-table-row', { hasText: '重置密码' }).waitFor();
    await page.locator('.ant-table-row', { hasText: '新建' }).first().waitFor();
    const href = await page.locator('a', { hasText: '导出 Excel' }).getAttribute('href');
    assert.match(href ?? '', /\/api\/v1\/audit\/export\.xlsx\?entityType=user/);
    const download = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { status: r.status, type: r.headers.get('content-type'), count: r.headers.get('x-total-count') };
    }, href!);
    assert.equal(download.status, 200);
    assert.match(download.type ?? '', /spreadsheetml/);
    assert.ok(Number(download.count) >= 3);
    await b.screenshot('admin-04-audit');
    assert.deepEqual(
      b.problems.filter((p) => !p.includes('status of 401')), // the login page asks who is logged in
      [],
    );
  });
});
