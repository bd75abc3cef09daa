// /auth (login, logout, me, password), /users/:id/unlock and /audit (search the append-only log).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { RateLimit } from '../../db/rate-limits.js';
import { AppError } from '../../lib/errors.js';
import { fileAnswer } from '../../lib/file-answer.js';
import { actorOf, contextOf } from '../../server/context.js';
import type { Actor } from './access.js';
import { AUDIT_EXPORT_MAX_ROWS, exportAudit, searchAudit } from './audit-search.js';
import { ROLE_LABELS } from './roles.js';
import { AuditPage, AuditQuery } from './schemas.js';
import { changePassword, login, logout, SESSION_HOURS, unlockAccount } from './sessions.js';
import { listUsers } from './users.js';

export const SESSION_COOKIE = 'yiyang_session';

/**
 * Failed logins per client address and minute, over any names (besides the lock-out per name);
 * shared by processes. Successful logins do not count: a whole office behind one NAT address logs
 * in each morning.
 */
const failedLoginsByAddress = new RateLimit('login-address', 20, 60_000);

export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  grants: Type.Array(
    Type.Object({
      role: Type.String(),
      roleName: Type.String(),
      jurisdictionCode: Type.Union([Type.String(), Type.Null()]),
      organisationId: Type.Union([Type.Integer(), Type.Null()]),
      elderId: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  /** A caregiver's worker (workforce), linked to this login by their home-care provider. */
  workerId: Type.Optional(Type.Integer({ minimum: 1 })),
});

export function userView(actor: Actor) {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    grants: actor.grants.map((g) => ({ ...g, roleName: ROLE_LABELS[g.role].zh })),
  };
}

export const identityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in; answers a bearer token and sets an HTTP-only session cookie',
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserView }) },
      },
    },
    async (req, reply) => {
      if (await failedLoginsByAddress.exhausted(db, req.ip)) throw new AppError('too_many_requests');
      const result = await login(db, {
        username: req.body.username,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        production: app.ctx.config.production,
        requestId: req.id,
      }).catch(async (err) => {
        if (err instanceof AppError && (err.code === 'bad_credentials' || err.code === 'account_locked'))
          await failedLoginsByAddress.take(db, req.ip);
        throw err;
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.ctx.config.production,
        maxAge: SESSION_HOURS * 3600,
      });
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: userView(result.actor) };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], response: { 204: Type.Null() } } }, async (req, reply) => {
    await logout(db, actorOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/auth/me', { schema: { tags: ['auth'], response: { 200: UserView } } }, async (req) => {
    const actor = actorOf(req);
    const worker = await db
      .selectFrom('homecare_worker_accounts')
      .select('worker_id')
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    return worker ? { ...userView(actor), workerId: worker.worker_id } : userView(actor);
  });

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the password; other sessions of the user end',
        body: Type.Object({
          currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
          newPassword: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await changePassword(db, actorOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/:id/unlock',
    {
      schema: {
        tags: ['users'],
        summary: 'Lift the login lock-out of an account within your reach, from every address',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      // listUsers refuses non-administrators; an account outside reach is not found.
      if (!(await listUsers(contextOf(req))).some((u) => u.id === req.params.id)) throw new AppError('not_found');
      await unlockAccount(db, actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (city administrators: all; district officers: their district)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (req) => searchAudit(contextOf(req), req.query),
  );
  app.get(
    '/audit/export.xlsx',
    {
      schema: {
        tags: ['audit'],
        summary: `The selection as an .xlsx, newest first, at most ${AUDIT_EXPORT_MAX_ROWS} rows`,
        querystring: Type.Omit(AuditQuery, ['page', 'pageSize']),
        response: {
          200: fileAnswer(
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'the workbook; x-total-count and x-truncated say how many rows matched and whether some were left out',
          ),
        },
      },
    },
    async (req, reply) => {
      const { file, count, truncated } = await exportAudit(contextOf(req), req.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`,
        )
        .header('x-total-count', String(count))
        .header('x-truncated', String(truncated))
        .send(file);
    },
  );
};
