// Bad input answers 400 naming the field, never 500, and never a huge answer.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from './support/app.js';
import { elderBody } from './support/elders.js';

describe('bounded input', () => {
  let t: TestApp;
  let officer: string;
  before(async () => {
    t = await testApp();
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  test('a NUL byte in any text answers 400 naming the field, and writes nothing', async () => {
    const body = elderBody({ name: '张\u0000三' });
    const res = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: body });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().field, 'name');
    const written = await t.database.db
      .selectFrom('elders')
      .select('id')
      .where('id_number', '=', body.idNumber)
      .execute();
    assert.deepEqual(written, []);
  });

  test('an id past int8 answers 400, not 500', async () => {
    const res = await t.call(officer, { method: 'GET', url: '/api/v1/elders/99999999999999999999' });
    assert.equal(res.statusCode, 400, res.body);
  });

  test('a body with thousands of problems gets at most 100 of them back', async () => {
    const contacts = Array.from({ length: 5000 }, () => ({ bogus: 1 }));
    const res = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody({ contacts }) });
    assert.equal(res.statusCode, 400);
    assert.ok((res.json().errors?.length ?? 0) <= 100, `got ${res.json().errors?.length} problems`);
  });

  test('a malformed or over-long X-Purpose answers 400 naming the header, on every route that reads it', async () => {
    for (const url of ['/api/v1/elders?page=1', '/api/v1/elders/1']) {
      const bad = await t.call(officer, { method: 'GET', url, headers: { 'x-purpose': '%' } });
      assert.equal(bad.statusCode, 400, `${url}: ${bad.body}`);
      assert.equal(bad.json().field, 'X-Purpose');
      const long = await t.call(officer, {
        method: 'GET',
        url,
        headers: { 'x-purpose': encodeURIComponent('核'.repeat(201)) },
      });
      assert.equal(long.statusCode, 400, url);
    }
    const fine = await t.call(officer, {
      method: 'GET',
      url: '/api/v1/elders?page=1',
      headers: { 'x-purpose': encodeURIComponent('走访核实') },
    });
    assert.equal(fine.statusCode, 200, fine.body);
  });
});
