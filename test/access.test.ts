// A district officer never sees, counts, exports or guesses an elder of another district,
// with every role tried against records outside its grant.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/domain/identity/roles.js';
import { ROLE_ANCHOR } from '../src/domain/identity/users.js';
import { institution } from '../src/domain/institutions/test-helpers.js';
import { type TestApp, testApp } from './support/app.js';
import { elderBody, idNumber } from './support/elders.js';

describe('jurisdiction scoping of personal data', () => {
  let t: TestApp;
  let admin: string;
  let shangcheng: string;
  let xihu: string;
  let shangchengElder: { id: number; name: string; elderCode: string };
  let shangchengIdNumber: string;

  before(async () => {
    t = await testApp();
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    xihu = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    shangchengIdNumber = idNumber('1941-07-07', 'M');
    const res = await t.call(shangcheng, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ name: '上城独有', idNumber: shangchengIdNumber }),
    });
    assert.equal(res.statusCode, 201, res.body);
    shangchengElder = res.json();
    const other = await t.call(xihu, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ name: '西湖老人', communityCode: '330106002051' }),
    });
    assert.equal(other.statusCode, 201, other.body);
  });
  after(() => t.close());

  test('the city administrator sees both districts', async () => {
    const all = (await t.call(admin, { method: 'GET', url: '/api/v1/elders?pageSize=200' })).json();
    const districts = new Set(all.items.map((e: { districtCode: string }) => e.districtCode));
    assert.ok(districts.has('330102') && districts.has('330106'));
  });

  test('another district officer gets 404 on read, update, archive, flags, contacts and QR', async () => {
    const id = shangchengElder.id;
    const attempts = [
      { method: 'GET', url: `/api/v1/elders/${id}` },
      { method: 'PATCH', url: `/api/v1/elders/${id}`, payload: { phone: '13900000000' } },
      { method: 'POST', url: `/api/v1/elders/${id}/archive`, payload: { reason: 'moved_away', date: '2025-01-01' } },
      {
        method: 'POST',
        url: `/api/v1/elders/${id}/flags`,
        payload: { flag: 'living_alone', effectiveFrom: '2025-01-01' },
      },
      { method: 'POST', url: `/api/v1/elders/${id}/contacts`, payload: { name: '某', relation: '子' } },
      { method: 'GET', url: `/api/v1/elders/${id}/qr.svg` },
    ] as const;
    for (const a of attempts) {
      const res = await t.call(xihu, a);
      assert.equal(res.statusCode, 404, `${a.method} ${a.url}: ${res.body}`);
    }
    const nonexistent = await t.call(xihu, { method: 'GET', url: '/api/v1/elders/99999999' });
    assert.deepEqual(
      nonexistent.json(),
      (await t.call(xihu, { method: 'GET', url: `/api/v1/elders/${id}` })).json(),
      'indistinguishable from a missing record',
    );
  });

  test('every role outside 上城区 finds nothing by name, ID number, elder code or jurisdiction filter', async () => {
    // Organisation roles are anchored on an organisation: one in 西湖区, and one in 上城区 itself
    // (working in the district does not open its registry: only residents are theirs).
    const xihuHome = await institution(t, xihu, { jurisdictionCode: '330106002' });
    const shangchengHome = await institution(t, shangcheng, { jurisdictionCode: '330102001' });
    const tokens: [string, string][] = [];
    for (const role of ROLES) {
      if (role === 'elder_family') tokens.push([role, await t.userWith(role, { elderId: 99999999 })]);
      else if (ROLE_ANCHOR[role] === 'organisationId') {
        tokens.push([`${role} of a 西湖区 home`, await t.userWith(role, { organisationId: xihuHome.id })]);
        tokens.push([`${role} of a 上城区 home`, await t.userWith(role, { organisationId: shangchengHome.id })]);
      } else tokens.push([role, await t.userWith(role, { jurisdictionCode: '330106' })]);
    }
    assert.ok(
      tokens.some(([role]) => role.startsWith('caregiver of')),
      'the organisation branch is tried',
    );
    for (const [role, token] of tokens) {
      for (const q of [
        `q=${encodeURIComponent('上城独有')}`,
        `q=${shangchengIdNumber}`,
        `q=${shangchengElder.elderCode}`,
        'jurisdiction=330102',
        `idNumber=${shangchengIdNumber}`,
      ]) {
        const res = await t.call(token, { method: 'GET', url: `/api/v1/elders?${q}&status=all` });
        if (res.statusCode === 200) assert.equal(res.json().total, 0, `${role} ${q}`);
        else assert.equal(res.statusCode, 403, `${role} ${q}: ${res.body}`);
      }
      const read = await t.call(token, { method: 'GET', url: `/api/v1/elders/${shangchengElder.id}` });
      assert.equal(read.statusCode, 404, `${role} read`);
    }
  });

  test('a family member sees only their own elder', async () => {
    const family = await t.userWith('elder_family', { elderId: shangchengElder.id });
    const own = await t.call(family, { method: 'GET', url: `/api/v1/elders/${shangchengElder.id}` });
    assert.equal(own.statusCode, 200);
    assert.equal(own.json().idNumberMasked, true, 'family members see a masked ID number');
    const list = (await t.call(family, { method: 'GET', url: '/api/v1/elders?status=all' })).json();
    assert.deepEqual(
      list.items.map((e: { id: number }) => e.id),
      [shangchengElder.id],
    );
    const write = await t.call(family, {
      method: 'PATCH',
      url: `/api/v1/elders/${shangchengElder.id}`,
      payload: { phone: '13900000000' },
    });
    assert.equal(write.statusCode, 403);
  });

  test('an officer cannot register an elder into another district', async () => {
    const res = await t.call(xihu, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ communityCode: '330102001051' }),
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'outside_jurisdiction');
  });

  test('a street officer sees their street only; an assessor reads but cannot write', async () => {
    const street = await t.userWith('street_officer', { jurisdictionCode: '330102001' });
    assert.equal(
      (await t.call(street, { method: 'GET', url: `/api/v1/elders/${shangchengElder.id}` })).statusCode,
      200,
    );
    const otherStreet = await t.userWith('street_officer', { jurisdictionCode: '330102003' });
    assert.equal(
      (await t.call(otherStreet, { method: 'GET', url: `/api/v1/elders/${shangchengElder.id}` })).statusCode,
      404,
    );
    const assessor = await t.userWith('assessor', { jurisdictionCode: '330102' });
    const read = await t.call(assessor, { method: 'GET', url: `/api/v1/elders/${shangchengElder.id}` });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().idNumberMasked, true);
    assert.equal(
      (
        await t.call(assessor, {
          method: 'PATCH',
          url: `/api/v1/elders/${shangchengElder.id}`,
          payload: { phone: '13900000000' },
        })
      ).statusCode,
      403,
    );
  });

  test('audit search: the city sees every read; another district sees none of 上城区; others may not search', async () => {
    await t.call(shangcheng, {
      method: 'GET',
      url: `/api/v1/elders/${shangchengElder.id}?purpose=${encodeURIComponent('月度探访')}`,
    });
    const cityView = (
      await t.call(admin, { method: 'GET', url: `/api/v1/audit?entityType=elder&entityId=${shangchengElder.id}` })
    ).json();
    assert.ok(
      cityView.items.some((e: { action: string; purpose: string }) => e.action === 'read' && e.purpose === '月度探访'),
    );
    assert.ok(cityView.items.some((e: { action: string }) => e.action === 'create'));
    const xihuView = (
      await t.call(xihu, { method: 'GET', url: `/api/v1/audit?entityType=elder&entityId=${shangchengElder.id}` })
    ).json();
    assert.equal(xihuView.total, 0);
    const community = await t.userWith('community_worker', { jurisdictionCode: '330106002051' });
    assert.equal((await t.call(community, { method: 'GET', url: '/api/v1/audit' })).statusCode, 403);
  });

  test('anonymous callers are refused', async () => {
    const res = await t.call(null, { method: 'GET', url: '/api/v1/elders' });
    assert.equal(res.statusCode, 401);
  });
});
