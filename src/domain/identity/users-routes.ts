// /users: account administration for city administrators and district officers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import { ROLES } from './roles.js';
import { Account, CreatedUser } from './schemas.js';
import { adminCreateUser, listUsers, replaceGrants, resetUserPassword, setUserDisabled } from './users.js';

const GrantBody = Type.Object(
  {
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    jurisdictionCode: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{6,12}$' }), Type.Null()])),
    organisationId: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
    ),
    elderId: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()])),
  },
  { additionalProperties: false },
);

const UserId = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];
  app.get(
    '/users',
    { schema: { tags, summary: 'Accounts within your reach', response: { 200: Type.Array(Account) } } },
    async (req) => listUsers(contextOf(req)),
  );
  app.post(
    '/users/:id/password',
    {
      schema: {
        tags,
        summary: 'Set a new password for an account within your reach; its sessions end',
        params: UserId,
        body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await resetUserPassword(contextOf(req), req.params.id, req.body.password);
      return reply.status(204).send(null);
    },
  );
  app.put(
    '/users/:id/grants',
    {
      schema: {
        tags,
        summary: "Replace an account's grants, each within your reach",
        params: UserId,
        body: Type.Object(
          { grants: Type.Array(GrantBody, { minItems: 1, maxItems: 20 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await replaceGrants(contextOf(req), req.params.id, req.body.grants);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create an account with grants inside your own jurisdiction',
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{1,63}$' }),
            displayName: Type.String({ minLength: 1, maxLength: 50 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            grants: Type.Array(GrantBody, { minItems: 1, maxItems: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedUser },
      },
    },
    async (req, reply) => {
      const id = await adminCreateUser(contextOf(req), req.body);
      return reply.status(201).send({ id });
    },
  );
  app.post(
    '/users/:id/disable',
    {
      schema: {
        tags,
        summary: 'Disable or re-enable an account within your reach',
        params: UserId,
        body: Type.Object({ disabled: Type.Boolean() }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await setUserDisabled(contextOf(req), req.params.id, req.body.disabled);
      return reply.status(204).send(null);
    },
  );
};
