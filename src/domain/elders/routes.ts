// /elders: the registry's HTTP surface. Thin handlers: validate → one use case → view.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import { withPurpose } from '../identity/context.js';
import { elderDashboard } from './dashboard.js';
import { FLAG_LABELS } from './flags.js';
import {
  ArchiveBody,
  ContactBody,
  ElderCreateBody,
  ElderDashboard,
  ElderDetail,
  ElderPage,
  ElderPatchBody,
  ElderSearchQuery,
  FlagBody,
  FlagList,
  fileAnswer,
  IdParams,
} from './schemas.js';
import {
  addContact,
  addFlag,
  archiveElder,
  endFlag,
  getElder,
  registerElder,
  removeContact,
  searchElders,
  updateElder,
} from './service.js';

export const elderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { minElderAge } = app.ctx.config;
  const tags = ['elders'];

  app.get(
    '/elders/flags',
    { schema: { tags, summary: 'Status flags and their labels', response: { 200: FlagList } } },
    async () =>
      Object.entries(FLAG_LABELS).map(([flag, label]) => ({ flag, ...label, derived: flag === 'advanced_age' })),
  );

  app.get(
    '/elders/dashboard',
    {
      schema: {
        tags,
        summary: 'Counts for the home dashboard: active elders in your reach by area, age band and flag',
        response: { 200: ElderDashboard },
      },
    },
    async (req) => elderDashboard(contextOf(req)),
  );

  app.get(
    '/elders',
    {
      schema: {
        tags,
        summary: 'Search elders within your jurisdiction (ID numbers masked)',
        querystring: ElderSearchQuery,
        response: { 200: ElderPage },
      },
    },
    async (req) => {
      const { page, pageSize, flag, purpose: _, ...filters } = req.query;
      return searchElders(contextOf(req), { ...filters, flags: flag }, page, pageSize);
    },
  );

  app.post(
    '/elders',
    {
      schema: {
        tags,
        summary: 'Register an elder (老年人建档)',
        body: ElderCreateBody,
        response: { 201: ElderDetail },
      },
    },
    async (req, reply) => {
      const { purpose, ...draft } = req.body;
      const elder = await registerElder(withPurpose(contextOf(req), purpose), draft, { minElderAge });
      return reply.status(201).send(elder);
    },
  );

  app.get(
    '/elders/:id',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object({ purpose: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: ElderDetail },
      },
    },
    async (req) => getElder(contextOf(req), req.params.id),
  );

  app.patch(
    '/elders/:id',
    { schema: { tags, params: IdParams, body: ElderPatchBody, response: { 200: ElderDetail } } },
    async (req) => {
      const { purpose, ...patch } = req.body;
      return updateElder(withPurpose(contextOf(req), purpose), req.params.id, patch, { minElderAge });
    },
  );

  app.post(
    '/elders/:id/archive',
    {
      schema: {
        tags,
        summary: 'Archive on death or moving away (no deletion)',
        params: IdParams,
        body: ArchiveBody,
        response: { 200: ElderDetail },
      },
    },
    async (req) => archiveElder(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/elders/:id/flags',
    { schema: { tags, params: IdParams, body: FlagBody, response: { 200: ElderDetail } } },
    async (req) => addFlag(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/elders/:id/flags/:flagId/end',
    {
      schema: {
        tags,
        params: Type.Object({
          id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          flagId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
        }),
        body: Type.Object({ effectiveTo: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
        response: { 200: ElderDetail },
      },
    },
    async (req) => endFlag(contextOf(req), req.params.id, req.params.flagId, req.body.effectiveTo),
  );

  app.post(
    '/elders/:id/contacts',
    { schema: { tags, params: IdParams, body: ContactBody, response: { 200: ElderDetail } } },
    async (req) => addContact(contextOf(req), req.params.id, req.body),
  );

  app.delete(
    '/elders/:id/contacts/:contactId',
    {
      schema: {
        tags,
        params: Type.Object({
          id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          contactId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
        }),
        response: { 200: ElderDetail },
      },
    },
    async (req) => removeContact(contextOf(req), req.params.id, req.params.contactId),
  );

  app.get(
    '/elders/:id/qr.svg',
    {
      schema: {
        tags,
        summary: 'The elder code (老人码) as a QR code',
        params: IdParams,
        response: { 200: fileAnswer('image/svg+xml', 'The QR code') },
      },
    },
    async (req, reply) => {
      const elder = await getElder(contextOf(req), req.params.id, { purpose: 'elder code QR' });
      const svg = await QRCode.toString(elder.elderCode, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return reply.type('image/svg+xml').send(svg);
    },
  );
};
