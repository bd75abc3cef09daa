// Every input is bounded: numbers past their range, lists past their length and bodies of
// thousands of bad items answer 400 naming the field, quickly, in one language.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { preferredLang } from '../src/server/context.js';
import { type TestApp, testApp } from './support/app.js';

const CJK = /[\u4e00-\u9fff]/;
const LATIN = /[A-Za-z]/;

describe('input bounds', () => {
  let t: TestApp;
  let officer: string;
  before(async () => {
    t = await testApp();
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  const json = (method: 'POST' | 'PATCH', url: string, payload: string) => ({
    method,
    url,
    payload,
    headers: { 'content-type': 'application/json' },
  });

  test('an integer query parameter past any number (1e309, Infinity) answers 400 naming it', async () => {
    for (const page of ['1e309', 'Infinity', '-1e309', '100000000000000000000']) {
      const res = await t.call(officer, { method: 'GET', url: `/api/v1/elders?page=${page}` });
      assert.equal(res.statusCode, 400, `page=${page}: ${res.body}`);
      assert.equal(res.json().field, 'page', page);
    }
    const ok = await t.call(officer, { method: 'GET', url: '/api/v1/elders?page=2' });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('an id past int8 in the path answers 400 naming the id', async () => {
    for (const url of [
      '/api/v1/elders/99999999999999999999',
      '/api/v1/institutions/9007199254740993',
      '/api/v1/assessment-tasks/1e309',
    ]) {
      const res = await t.call(officer, { method: 'GET', url });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.json().field, 'id', url);
    }
  });

  test('a number above 2^53 in a body or a query answers 400 naming the field', async () => {
    const body = await t.call(
      officer,
      json('POST', '/api/v1/waitlist/applications', '{"elderId": 9007199254740993, "organisationIds": [1]}'),
    );
    assert.equal(body.statusCode, 400, body.body);
    assert.equal(body.json().field, 'elderId');
    const inList = await t.call(
      officer,
      json('POST', '/api/v1/waitlist/applications', '{"elderId": 1, "organisationIds": [1, 18446744073709551616]}'),
    );
    assert.equal(inList.statusCode, 400, inList.body);
    assert.equal(inList.json().field, 'organisationIds[1]');
    const query = await t.call(officer, { method: 'GET', url: '/api/v1/assessment-tasks?elderId=9007199254740993' });
    assert.equal(query.statusCode, 400, query.body);
    assert.equal(query.json().field, 'elderId');
    // A numeric string the validator turns into Infinity, deep in a body.
    const nested = await t.call(
      officer,
      json('POST', '/api/v1/assessments/score', '{"standard": "GB/T 42195-2022", "items": {"B.1.1": "1e309"}}'),
    );
    assert.equal(nested.statusCode, 400, nested.body);
    assert.equal(nested.json().field, 'items.B.1.1');
  });

  test('Accept-Language is chosen by q-value', () => {
    const cases: [string | undefined, 'zh-CN' | 'en'][] = [
      ['en;q=0.1, zh-CN;q=0.9', 'zh-CN'],
      ['zh;q=0.1, en', 'en'],
      ['fr, en;q=0.5', 'en'],
      ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
      ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
      ['en;q=0', 'zh-CN'],
      ['fr', 'zh-CN'],
      ['zh-TW', 'zh-CN'],
      ['EN', 'en'],
      ['en;q=0.5, zh;q=0.5', 'en'],
      ['*, en;q=0.5', 'zh-CN'],
      ['en;q=abc, zh;q=0.2', 'zh-CN'],
      ['', 'zh-CN'],
      [undefined, 'zh-CN'],
    ];
    for (const [header, lang] of cases) assert.equal(preferredLang(header), lang, String(header));
  });

  test('every message of an answer is in the one language the caller prefers', async () => {
    const bad = (lang: string) =>
      t.call(officer, {
        method: 'GET',
        url: '/api/v1/elders?pageSize=abc&page=0',
        headers: { 'accept-language': lang },
      });
    for (const header of ['en;q=0.1, zh-CN;q=0.9', 'zh-CN']) {
      const res = await bad(header);
      assert.equal(res.statusCode, 400);
      const messages = [res.json().message, ...res.json().errors.map((e: { message: string }) => e.message)];
      assert.ok(messages.length >= 3, res.body);
      // Field names are the API's own words; everything else is Chinese.
      for (const m of messages)
        assert.ok(CJK.test(m) && !LATIN.test(m.replace(/pageSize|page/g, '')), `${header}: ${m}`);
    }
    for (const header of ['zh;q=0.1, en', 'fr, en;q=0.5']) {
      const res = await bad(header);
      const messages = [res.json().message, ...res.json().errors.map((e: { message: string }) => e.message)];
      for (const m of messages) assert.ok(!CJK.test(m), `${header}: ${m}`);
    }
    // Fastify's own (English) texts stay out of a Chinese answer.
    const empty = await t.call(officer, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: '',
      headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
    });
    assert.equal(empty.statusCode, 400);
    assert.ok(!LATIN.test(empty.json().message), empty.json().message);
  });

  test('300 repeated query values are refused by the list bound, quickly', async () => {
    const flags = Array.from({ length: 300 }, () => 'flag=advanced_age').join('&');
    for (const path of ['/api/v1/elders', '/api/v1/elders/export.xlsx']) {
      const started = performance.now();
      const res = await t.call(officer, { method: 'GET', url: `${path}?${flags}` });
      const ms = performance.now() - started;
      assert.equal(res.statusCode, 400, `${path}: ${res.body}`);
      assert.equal(res.json().field, 'flag');
      // A ceiling against the unbounded case (seconds per request), loose enough for a loaded CI machine.
      assert.ok(ms < 10_000, `${path} took ${Math.round(ms)} ms`);
    }
    const few = await t.call(officer, { method: 'GET', url: '/api/v1/elders?flag=advanced_age&flag=living_alone' });
    assert.equal(few.statusCode, 200, few.body);
  });

  test('a body of 100,000 invalid items answers 400 with at most 100 problems, quickly', async () => {
    // Each item has six problems: validated one by one that would be 600,000 of them.
    const item = '{"assessedOn": 1, "level": "x", "source": 2, "externalId": 3, "adlScore": "y", "bogus": true}';
    const records = `{"records": [${Array.from({ length: 100_000 }, () => item).join(',')}]}`;
    const started = performance.now();
    const res = await t.call(officer, json('POST', '/api/v1/assessments/legacy', records));
    const ms = performance.now() - started;
    assert.equal(res.statusCode, 400, res.body.slice(0, 500));
    assert.ok(res.json().errors.length <= 100, `${res.json().errors.length} problems`);
    assert.equal(res.json().field, 'records');
    // Unbounded, 1,000,000 items took 22 s and 2.2 GB; the ceiling leaves room for a loaded machine.
    assert.ok(ms < 10_000, `took ${Math.round(ms)} ms`);

    // The same for a map of item scores and for 100,000 fields the schema does not know.
    const scores = JSON.stringify({
      standard: 'GB/T 42195-2022',
      items: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`X.${i}`, 'bad'])),
    });
    const map = await t.call(officer, json('POST', '/api/v1/assessments/score', scores));
    assert.equal(map.statusCode, 400);
    assert.equal(map.json().field, 'items');
    const unknown = JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`f${i}`, 1])));
    const fields = await t.call(officer, json('POST', '/api/v1/elders', unknown));
    assert.equal(fields.statusCode, 400);
    assert.equal(fields.json().code, 'unknown_field');
    assert.ok(fields.json().errors.length <= 100);

    // Within the list's bound, every item's problems are still reported (up to 100).
    const few = `{"records": [${Array.from({ length: 30 }, () => item).join(',')}]}`;
    const listed = await t.call(officer, json('POST', '/api/v1/assessments/legacy', few));
    assert.equal(listed.statusCode, 400);
    assert.equal(listed.json().errors.length, 100);
    assert.match(listed.json().errors[0].field, /^records\[0\]\./);
  });
});
