// /ledger: accounts and statements, transfers, holds, reversals, the trial balance and
// provider settlement batches. Thin handlers: validate → one use case → view.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { fileAnswer } from '../../lib/file-answer.js';
import { contextOf } from '../../server/context.js';
import { getAccount, listAccounts, openAccount, setAppropriation } from './accounts.js';
import {
  AccountDetail,
  AccountPage,
  AccountQuery,
  AccountView,
  AppropriationBody,
  BatchList,
  BatchView,
  CaptureBody,
  HoldBody,
  IdParams,
  KeyBody,
  OpenAccountBody,
  SettlementBody,
  SettlementDetail,
  StatementQuery,
  TransferBody,
  TransferView,
  TrialBalance,
} from './schemas.js';
import { getTransfer, makeTransfer, reverseTransfer, settleHold } from './service.js';
import { createSettlement, exportSettlement, listSettlements, settlementDetail } from './settlement.js';
import { checkTrialBalance } from './statement.js';
import { expireHolds } from './transfers.js';

export const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;
  const tags = ['ledger'];

  // Holds run out on their own clock: a minute's sweep keeps available balances right.
  let sweep: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    sweep = setInterval(
      () => void expireHolds(db).catch((err: Error) => app.log.error({ err }, 'hold expiry sweep failed')),
      60_000,
    );
    sweep.unref();
  });
  app.addHook('onClose', async () => {
    if (sweep) clearInterval(sweep);
  });
  const created = { 201: TransferView, 200: TransferView };
  // A retried request gets the original transfer and the same status; the header tells it apart.
  const replied = (reply: { header(k: string, v: string): unknown }, replayed: boolean) => {
    if (replayed) reply.header('idempotent-replayed', 'true');
  };

  app.get(
    '/ledger/accounts',
    {
      schema: {
        tags,
        summary: 'Accounts you may see (filters: type, owner, jurisdiction)',
        querystring: AccountQuery,
        response: { 200: AccountPage },
      },
    },
    async (req) => listAccounts(contextOf(req), req.query),
  );

  app.post(
    '/ledger/accounts',
    {
      schema: {
        tags,
        summary: 'Open an account (existing one returned with 200)',
        body: OpenAccountBody,
        response: { 201: AccountView, 200: AccountView },
      },
    },
    async (req, reply) => {
      const { account, created: isNew } = await openAccount(contextOf(req), req.body);
      return reply.status(isNew ? 201 : 200).send(account);
    },
  );

  app.get(
    '/ledger/accounts/:id',
    {
      schema: {
        tags,
        summary: 'An account with its balance and statement (newest first)',
        params: IdParams,
        querystring: StatementQuery,
        response: { 200: AccountDetail },
      },
    },
    async (req) => getAccount(contextOf(req), req.params.id, req.query),
  );

  // PUT is the method; POST is accepted too for clients limited to GET/POST (the web app's api()).
  for (const method of ['PUT', 'POST'] as const) {
    app.route({
      method,
      url: '/ledger/accounts/:id/appropriation',
      schema: {
        tags,
        summary: "Set a budget account's appropriation (city administrators)",
        hide: method === 'POST',
        params: IdParams,
        body: AppropriationBody,
        response: { 200: AccountView },
      },
      handler: async (req) => setAppropriation(contextOf(req), req.params.id, req.body.appropriationFen),
    });
  }

  app.post(
    '/ledger/transfers',
    {
      schema: {
        tags,
        summary: 'Move money now (201), or 409 insufficient_funds',
        body: TransferBody,
        response: created,
      },
    },
    async (req, reply) => {
      const { transfer, replayed } = await makeTransfer(contextOf(req), req.body);
      replied(reply, replayed);
      return reply.status(201).send(transfer);
    },
  );

  app.get(
    '/ledger/transfers/:id',
    { schema: { tags, params: IdParams, response: { 200: TransferView } } },
    async (req) => getTransfer(contextOf(req), req.params.id),
  );

  app.post(
    '/ledger/transfers/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Correct a transfer by reversing it',
        params: IdParams,
        body: KeyBody,
        response: created,
      },
    },
    async (req, reply) => {
      const { transfer, replayed } = await reverseTransfer(contextOf(req), req.params.id, req.body);
      replied(reply, replayed);
      return reply.status(201).send(transfer);
    },
  );

  app.post(
    '/ledger/holds',
    {
      schema: {
        tags,
        summary: 'Two-phase transfer: reserve funds until capture, void or expiry',
        body: HoldBody,
        response: created,
      },
    },
    async (req, reply) => {
      const { expiresInSeconds, ...body } = req.body;
      const { transfer, replayed } = await makeTransfer(
        contextOf(req),
        { ...body, reason: body.reason ?? 'payment' },
        { seconds: expiresInSeconds },
      );
      replied(reply, replayed);
      return reply.status(201).send(transfer);
    },
  );

  for (const action of ['capture', 'void'] as const) {
    app.post(
      `/ledger/holds/:id/${action}`,
      {
        schema: {
          tags,
          summary: action === 'capture' ? 'Post a hold (all or a smaller amount)' : 'Release a hold',
          params: IdParams,
          body: action === 'capture' ? CaptureBody : KeyBody,
          response: created,
        },
      },
      async (req, reply) => {
        const { transfer, replayed } = await settleHold(
          contextOf(req),
          req.params.id,
          action,
          req.body as { idempotencyKey: string; amountFen?: number },
        );
        replied(reply, replayed);
        return reply.status(201).send(transfer);
      },
    );
  }

  app.get(
    '/ledger/trial-balance',
    {
      schema: {
        tags,
        summary: 'Per currency: total debits and credits, recomputed from the transfers (city administrators)',
        response: { 200: TrialBalance },
      },
    },
    async (req) => checkTrialBalance(contextOf(req)),
  );

  app.post(
    '/ledger/settlements',
    {
      schema: {
        tags,
        summary: "Settle providers' 重阳分 for a period (one batch per period and place)",
        body: SettlementBody,
        response: { 201: BatchView, 200: BatchView },
      },
    },
    async (req, reply) => {
      const { batch, created: isNew } = await createSettlement(contextOf(req), req.body);
      return reply.status(isNew ? 201 : 200).send(batch);
    },
  );

  app.get(
    '/ledger/settlements',
    { schema: { tags, summary: 'Settlement batches of your jurisdictions', response: { 200: BatchList } } },
    async (req) => listSettlements(contextOf(req)),
  );

  app.get(
    '/ledger/settlements/:id',
    {
      schema: {
        tags,
        summary: 'A settlement batch with its payout lines',
        params: IdParams,
        response: { 200: SettlementDetail },
      },
    },
    async (req) => settlementDetail(contextOf(req), req.params.id),
  );

  app.get(
    '/ledger/settlements/:id/export.csv',
    {
      schema: {
        tags,
        summary: 'The payout file for the bank (CSV, UTF-8)',
        params: IdParams,
        response: { 200: fileAnswer('text/csv', 'the payout file, UTF-8 with a BOM') },
      },
    },
    async (req, reply) => {
      const { filename, csv } = await exportSettlement(contextOf(req), req.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  );
};
