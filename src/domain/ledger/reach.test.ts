// The ledger against a hostile signed-in user: payments only between accounts within the
// caller's reach (out of reach answers exactly as a missing account), statements that name only
// what the reader may see, accounts placed by their owner's record, the database's floor under
// every writer, and amounts taken only as integers.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { idNumber } from '../../../test/support/elders.js';
import { CHECK_VIOLATION, violates } from '../../db/errors.js';
import { AppError } from '../../lib/errors.js';
import {
  assertBooksBalance,
  balanceOf,
  budget,
  elderWithAccount,
  type LedgerWorld,
  ledgerWorld,
  newKey,
  pay,
  provider,
} from './ledger-fixtures.js';
import { postSelected } from './posting.js';
import {
  AccountPage,
  AccountQuery,
  AccountView,
  AppropriationBody,
  CaptureBody,
  HoldBody,
  IdParams,
  KeyBody,
  OpenAccountBody,
  SettlementBody,
  StatementQuery,
  TransferBody,
  TransferView,
} from './schemas.js';

const MISSING = 9_000_000_000;

describe('ledger reach', () => {
  let t: TestApp;
  let w: LedgerWorld;
  // A second district (西湖区) with its own officer, budget, elder and provider.
  let xihu: { officer: string; budgetId: number; careId: number; family: string; providerId: number; orgId: number };
  before(async () => {
    t = await testApp();
    w = await ledgerWorld(t);
    const officer = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const budgetId = await budget(t, w.admin, '330106', 10_000_000);
    const elder = await elderWithAccount(t, officer, { communityCode: '330106002051', address: '西湖区测试路 1 号' });
    const prov = await provider(t, officer, '330106', '330106002051');
    xihu = {
      officer,
      budgetId,
      careId: elder.careId,
      family: elder.family,
      providerId: prov.providerId,
      orgId: prov.orgId,
    };
  });
  after(async () => {
    await assertBooksBalance(t, w.admin);
    await t.close();
  });

  const volunteer = async (code: string) => {
    const token = await t.userWith('volunteer', { jurisdictionCode: code });
    const me = await t.call(token, { method: 'GET', url: '/api/v1/auth/me' });
    assert.equal(me.statusCode, 200, me.body);
    return me.json().id as number;
  };

  test('an officer pays only into accounts of their district; elsewhere is exactly as missing as a missing id', async () => {
    const missing = await pay(t, w.officer, w.budgetId, MISSING, 100);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().field, 'toAccountId');
    const foreignTime = (
      await t.call(xihu.officer, {
        method: 'POST',
        url: '/api/v1/ledger/accounts',
        payload: { type: 'time', ownerId: await volunteer('330106') },
      })
    ).json().id as number;
    for (const foreign of [xihu.careId, xihu.providerId, xihu.budgetId, foreignTime]) {
      const res = await pay(t, w.officer, w.budgetId, foreign, 100);
      // Same status, code, message and field: neither existence, currency nor type shows through.
      assert.deepEqual([res.statusCode, res.json()], [404, missing.json()], `account ${foreign}`);
    }
    assert.equal((await balanceOf(t, xihu.family, xihu.careId)).balanceFen, 0);
    // Within the district the same payment goes through; a visible account of another currency is told as such.
    assert.equal((await pay(t, w.officer, w.budgetId, w.careId, 100)).statusCode, 201);
    const ownTime = (
      await t.call(w.officer, {
        method: 'POST',
        url: '/api/v1/ledger/accounts',
        payload: { type: 'time', ownerId: await volunteer('330102') },
      })
    ).json().id as number;
    assert.equal((await pay(t, w.officer, w.budgetId, ownTime, 100)).json().code, 'currency_mismatch');
    // … and one of a type no payment may reach, as a flow refused.
    const settled = await t.database.db
      .insertInto('ledger_accounts')
      .values({
        type: 'provider_settled',
        currency: 'CNY_FEN',
        name: '已结算',
        owner_type: 'organisation',
        owner_id: w.orgId,
        jurisdiction_code: '330102001051',
        district_code: '330102',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal((await pay(t, w.officer, w.budgetId, settled.id, 100)).json().code, 'transfer_not_allowed');
  });

  test('a source out of reach is reported before anything about the destination', async () => {
    const intoMissing = await pay(t, xihu.officer, w.budgetId, MISSING, 100);
    const intoReal = await pay(t, xihu.officer, w.budgetId, xihu.careId, 100);
    const fromMissing = await pay(t, xihu.officer, MISSING, xihu.careId, 100);
    for (const res of [intoMissing, intoReal])
      assert.deepEqual([res.statusCode, res.json()], [404, fromMissing.json()]);
    assert.equal(fromMissing.json().field, 'fromAccountId');
  });

  test('a budget pays only inside its own place, even for the city', async () => {
    const res = await pay(t, w.admin, w.budgetId, xihu.careId, 100);
    assert.deepEqual([res.statusCode, res.json().code, res.json().field], [403, 'outside_jurisdiction', 'toAccountId']);
    assert.equal((await balanceOf(t, w.admin, xihu.careId)).balanceFen, 0);
    const city = await budget(t, w.admin, '330100', 1_000_000);
    assert.equal((await pay(t, w.admin, city, xihu.budgetId, 100)).statusCode, 201, 'the city funds its districts');
    assert.equal(
      (await pay(t, w.admin, xihu.budgetId, city, 100)).statusCode,
      201,
      'and takes back what a district returns',
    );
    assert.equal(
      (await pay(t, w.admin, xihu.budgetId, w.budgetId, 100)).json().code,
      'outside_jurisdiction',
      'but not sideways',
    );
    assert.equal(
      (await pay(t, w.officer, w.budgetId, city, 100)).statusCode,
      404,
      'a district does not see the city budget',
    );
  });

  test('重阳分 goes to providers of the city, and to no account the family cannot see', async () => {
    const { careId, family } = await elderWithAccount(t, w.officer);
    assert.equal((await pay(t, w.officer, w.budgetId, careId, 1_000)).statusCode, 201);
    const other = await elderWithAccount(t, w.officer);
    for (const target of [other.careId, w.budgetId, xihu.careId, MISSING]) {
      const res = await pay(t, family, careId, target, 100);
      assert.deepEqual(
        [res.statusCode, res.json().code, res.json().field],
        [404, 'not_found', 'toAccountId'],
        `account ${target}`,
      );
    }
    assert.equal(
      (await pay(t, family, careId, xihu.providerId, 100)).statusCode,
      201,
      'a provider in another district of the city',
    );
    assert.equal((await balanceOf(t, family, careId)).balanceFen, 900);
  });

  test('a hold tells its amount only to those who may settle it', async () => {
    const { careId, family } = await elderWithAccount(t, w.officer);
    await pay(t, w.officer, w.budgetId, careId, 500);
    const hold = (
      await t.call(family, {
        method: 'POST',
        url: '/api/v1/ledger/holds',
        payload: { fromAccountId: careId, toAccountId: w.providerId, amountFen: 300, idempotencyKey: newKey() },
      })
    ).json();
    const probe = await t.call(xihu.officer, {
      method: 'POST',
      url: `/api/v1/ledger/holds/${hold.id}/capture`,
      payload: { idempotencyKey: newKey(), amountFen: 1_000_000 },
    });
    assert.deepEqual([probe.statusCode, probe.json().code], [404, 'not_found']);
    assert.doesNotMatch(probe.body, /300|3\.00/);
    const mine = await t.call(w.providerStaff, {
      method: 'POST',
      url: `/api/v1/ledger/holds/${hold.id}/capture`,
      payload: { idempotencyKey: newKey(), amountFen: 1_000_000 },
    });
    assert.equal(mine.json().code, 'capture_exceeds_hold');
    await t.call(family, {
      method: 'POST',
      url: `/api/v1/ledger/holds/${hold.id}/void`,
      payload: { idempotencyKey: newKey() },
    });
  });

  test('statements name a counterparty only where the reader may see its account', async () => {
    const elder = await elderWithAccount(t, w.officer, { name: '钱保密' });
    await pay(t, w.officer, w.budgetId, elder.careId, 800);
    const paid = (await pay(t, elder.family, elder.careId, w.providerId, 300)).json();
    const statement = async (token: string, id: number, lang?: string) => {
      const res = await t.call(token, {
        method: 'GET',
        url: `/api/v1/ledger/accounts/${id}`,
        headers: lang ? { 'accept-language': lang } : {},
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().statement.items as {
        transferId: number;
        counterparty: { accountId: number; name: string; type: string };
      }[];
    };
    const line = (items: Awaited<ReturnType<typeof statement>>, transferId: number) =>
      items.find((l) => l.transferId === transferId)!.counterparty;
    // The provider sees the payment, not the elder's name.
    const atProvider = line(await statement(w.providerStaff, w.providerId), paid.id);
    assert.deepEqual(atProvider, { accountId: elder.careId, name: '辖区外账户', type: 'care' });
    assert.equal(
      line(await statement(w.providerStaff, w.providerId, 'en'), paid.id).name,
      'Account outside your reach',
    );
    const detail = await t.call(w.providerStaff, { method: 'GET', url: `/api/v1/ledger/transfers/${paid.id}` });
    assert.equal(detail.statusCode, 200);
    assert.doesNotMatch(detail.body, /钱保密/);
    // The family sees whom they paid (a provider's public name) but not the budget's books.
    const family = await statement(elder.family, elder.careId);
    assert.match(line(family, paid.id).name, /^测试服务商/);
    const grant = family.find((l) => l.transferId !== paid.id)!.counterparty;
    assert.deepEqual(grant, { accountId: w.budgetId, name: '辖区外账户', type: 'budget' });
    // The officer sees both sides of their district.
    assert.match(line(await statement(w.officer, w.providerId), paid.id).name, /钱保密/);
  });

  test('accounts opened for others take their place from the owner’s record; elsewhere is not found', async () => {
    // Time bank: the volunteer's grant decides; the body cannot name a place any more.
    const v = await volunteer('330106');
    const chosen = await t.call(w.officer, {
      method: 'POST',
      url: '/api/v1/ledger/accounts',
      payload: { type: 'time', ownerId: v, jurisdictionCode: '330102' },
    });
    assert.deepEqual([chosen.statusCode, chosen.json().field], [400, 'jurisdictionCode']);
    assert.equal(
      (
        await t.call(w.officer, {
          method: 'POST',
          url: '/api/v1/ledger/accounts',
          payload: { type: 'time', ownerId: v },
        })
      ).statusCode,
      404,
    );
    const opened = await t.call(xihu.officer, {
      method: 'POST',
      url: '/api/v1/ledger/accounts',
      payload: { type: 'time', ownerId: v },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    assert.deepEqual(
      [opened.json().jurisdictionCode, opened.json().currency, opened.json().ownerType],
      ['330106', 'TIME_MINUTE', 'volunteer'],
    );
    // Asking again from the wrong district neither reopens nor shows the account.
    assert.equal(
      (
        await t.call(w.officer, {
          method: 'POST',
          url: '/api/v1/ledger/accounts',
          payload: { type: 'time', ownerId: v },
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (
        await t.call(w.officer, {
          method: 'POST',
          url: '/api/v1/ledger/accounts',
          payload: { type: 'time', ownerId: MISSING },
        })
      ).statusCode,
      404,
    );

    // A caregiver belongs where their employer is.
    const employer = await t.database.db
      .insertInto('organisations')
      .values({
        kind: 'service_provider',
        name: '西湖测试护理站',
        jurisdiction_code: '330106002051',
        district_code: '330106',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reg = await t.call(xihu.officer, {
      method: 'POST',
      url: '/api/v1/workforce/workers',
      payload: {
        name: '孙护理',
        idNumber: idNumber('1985-02-02', 'F', '330106'),
        education: 'college',
        employment: { organisationId: employer.id, jobRole: 'caregiver', frontline: true, hiredOn: '2024-01-01' },
      },
    });
    assert.equal(reg.statusCode, 201, reg.body);
    const workerId = reg.json().id as number;
    assert.equal(
      (
        await t.call(w.officer, {
          method: 'POST',
          url: '/api/v1/ledger/accounts',
          payload: { type: 'worker', ownerId: workerId },
        })
      ).statusCode,
      404,
    );
    const worker = await t.call(xihu.officer, {
      method: 'POST',
      url: '/api/v1/ledger/accounts',
      payload: { type: 'worker', ownerId: workerId },
    });
    assert.equal(worker.statusCode, 201, worker.body);
    assert.deepEqual([worker.json().jurisdictionCode, worker.json().districtCode], ['330106002051', '330106']);
    assert.equal((await pay(t, w.officer, w.budgetId, worker.json().id, 100)).statusCode, 404);
    assert.equal((await pay(t, xihu.officer, xihu.budgetId, worker.json().id, 100)).statusCode, 201);

    // Organisations and elders of another district: not found, as an unknown id is.
    const org = await t.call(w.officer, {
      method: 'POST',
      url: '/api/v1/ledger/accounts',
      payload: { type: 'provider', ownerId: xihu.orgId },
    });
    assert.deepEqual([org.statusCode, org.json().code], [404, 'not_found']);
    const xihuElder = (
      await t.database.db
        .selectFrom('ledger_accounts')
        .select('owner_id')
        .where('id', '=', xihu.careId)
        .executeTakeFirstOrThrow()
    ).owner_id!;
    assert.equal(
      (
        await t.call(w.officer, {
          method: 'POST',
          url: '/api/v1/ledger/accounts',
          payload: { type: 'care', ownerId: xihuElder },
        })
      ).statusCode,
      404,
    );
  });

  test('the database refuses a balance below the floor, and the API answers it as appropriation_exceeded', async () => {
    const spent = await budget(t, w.admin, '330105', 1_000);
    const officer = await t.userWith('district_officer', { jurisdictionCode: '330105' });
    const elder = await elderWithAccount(t, officer, { communityCode: '330105001051', address: '拱墅区测试路 2 号' });
    assert.equal((await pay(t, officer, spent, elder.careId, 800)).statusCode, 201);
    // Straight SQL, past every check in code: the CHECK constraint still says no.
    const db = t.database.db;
    for (const change of [sql`balance = floor - 1`, sql`pending_debits = balance - floor + 1`]) {
      const err = await sql`UPDATE ledger_accounts SET ${change} WHERE id = ${spent}`.execute(db).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(violates(err, 'ledger_accounts_floor', CHECK_VIOLATION), String(err));
    }
    const care = await sql`UPDATE ledger_accounts SET balance = -1 WHERE id = ${elder.careId}`.execute(db).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(violates(care, 'ledger_accounts_floor', CHECK_VIOLATION), String(care));
    // The same situation through the API: an appropriation cut below what was spent.
    const cut = await t.call(w.admin, {
      method: 'PUT',
      url: `/api/v1/ledger/accounts/${spent}/appropriation`,
      payload: { appropriationFen: 799 },
    });
    assert.deepEqual([cut.statusCode, cut.json().code], [409, 'appropriation_exceeded']);
    assert.match(cut.json().message, new RegExp(String(spent)));
    // And a set-based posting that would overdraw it.
    const overdraw = db.transaction().execute((tx) =>
      postSelected(
        tx,
        sql`SELECT ${`sys:test:${newKey()}`}::text AS idempotency_key, ${spent}::bigint AS debit_account_id, ${elder.careId}::bigint AS credit_account_id,
        201::bigint AS amount, 'CNY_FEN'::text AS currency, 'test'::text AS reason, NULL::text AS memo, NULL::text AS programme, NULL::text AS period,
        NULL::bigint AS policy_version_id, NULL::bigint AS run_id, '330105'::text AS district_code`,
      ),
    );
    await assert.rejects(overdraw, (e: unknown) => e instanceof AppError && e.code === 'appropriation_exceeded');
    const b = await balanceOf(t, w.admin, spent);
    assert.deepEqual([b.balanceFen, b.appropriationFen], [-800, 1_000]);
  });

  test('amounts are integers as sent: strings, booleans, arrays and unsafe numbers are refused, naming the field', async () => {
    const before = (await balanceOf(t, w.family, w.careId)).balanceFen;
    for (const amountFen of ['1e3', '100', true, [5], 2 ** 53, 1.5, null]) {
      const res = await t.call(w.officer, {
        method: 'POST',
        url: '/api/v1/ledger/transfers',
        payload: { fromAccountId: w.budgetId, toAccountId: w.careId, amountFen, idempotencyKey: newKey() },
      });
      assert.deepEqual(
        [res.statusCode, res.json().field],
        [400, 'amountFen'],
        `${JSON.stringify(amountFen)}: ${res.body}`,
      );
    }
    const asText = await t.call(w.officer, {
      method: 'POST',
      url: '/api/v1/ledger/transfers',
      payload: { fromAccountId: String(w.budgetId), toAccountId: w.careId, amountFen: 1, idempotencyKey: newKey() },
    });
    assert.deepEqual(
      [asText.statusCode, asText.json().field, asText.json().code],
      [400, 'fromAccountId', 'invalid_type'],
    );
    const hold = await t.call(w.family, {
      method: 'POST',
      url: '/api/v1/ledger/holds',
      payload: { fromAccountId: w.careId, toAccountId: w.providerId, amountFen: [1], idempotencyKey: newKey() },
    });
    assert.deepEqual([hold.statusCode, hold.json().field], [400, 'amountFen']);
    for (const appropriationFen of ['1e3', true, [5], 2 ** 53]) {
      const res = await t.call(w.admin, {
        method: 'PUT',
        url: `/api/v1/ledger/accounts/${w.budgetId}/appropriation`,
        payload: { appropriationFen },
      });
      assert.deepEqual(
        [res.statusCode, res.json().field],
        [400, 'appropriationFen'],
        `${JSON.stringify(appropriationFen)}: ${res.body}`,
      );
    }
    assert.equal((await balanceOf(t, w.family, w.careId)).balanceFen, before);
    assert.equal((await balanceOf(t, w.admin, w.budgetId)).appropriationFen, 100_000_000);
    // Defaults still apply and a well-formed body still goes through.
    const ok = await pay(t, w.officer, w.budgetId, w.careId, 1);
    assert.deepEqual([ok.statusCode, ok.json().reason], [201, 'payment']);
  });

  test('every request schema is bounded: strings by maxLength, arrays by maxItems, integers by a maximum', () => {
    const problems: string[] = [];
    const walk = (s: Record<string, unknown>, path: string) => {
      if (s.type === 'string' && typeof s.maxLength !== 'number') problems.push(`${path}: string without maxLength`);
      if (s.type === 'array' && typeof s.maxItems !== 'number') problems.push(`${path}: array without maxItems`);
      if (s.type === 'integer' && (typeof s.maximum !== 'number' || s.maximum > Number.MAX_SAFE_INTEGER))
        problems.push(`${path}: integer without a safe maximum`);
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>))
        walk(v, `${path}.${k}`);
      for (const [i, v] of ((s.anyOf ?? []) as Record<string, unknown>[]).entries()) walk(v, `${path}|${i}`);
      if (s.items) walk(s.items as Record<string, unknown>, `${path}[]`);
    };
    const requests = {
      IdParams,
      AccountQuery,
      OpenAccountBody,
      StatementQuery,
      AppropriationBody,
      TransferBody,
      HoldBody,
      CaptureBody,
      KeyBody,
      SettlementBody,
    };
    for (const [name, schema] of Object.entries(requests)) walk(schema as unknown as Record<string, unknown>, name);
    // Answers too, for strings and arrays (their integers are amounts the ledger computed).
    for (const [name, schema] of Object.entries({ AccountView, AccountPage, TransferView }))
      walk(schema as unknown as Record<string, unknown>, name);
    assert.deepEqual(
      problems.filter((p) => !/^(AccountView|AccountPage|TransferView).*integer/.test(p)),
      [],
    );
  });
});
