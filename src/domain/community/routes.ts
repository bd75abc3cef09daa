// 社区项目 — family care beds, meal assistance, monthly visits, home adaptation.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../../server/context.js';
import { acceptBed, applyForBed, assessBed, closeBed, contractBed, getBed, listBeds } from './beds.js';
import {
  AcceptBody,
  AssessBody,
  BedPage,
  BedQuery,
  BedView,
  CloseBody,
  ContractBody,
  CreateBedBody,
  IdParams,
} from './schemas.js';

/** Transitions take an optional body of details: none sent reads as `{}`. */
const emptyBody = async (req: FastifyRequest) => {
  req.body ??= {};
};

export const communityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['community'];
  const bedTags = ['community: family care beds'];

  app.post(
    '/home-care-beds',
    {
      schema: {
        tags: bedTags,
        summary: 'Apply for a family care bed (家庭养老照护床位) for an elder assessed moderately impaired or worse',
        body: CreateBedBody,
        response: { 201: BedView },
      },
    },
    async (req, reply) => reply.code(201).send(await applyForBed(contextOf(req), req.body)),
  );
  app.get(
    '/home-care-beds',
    {
      schema: {
        tags: bedTags,
        summary: 'Family care beds in reach',
        querystring: BedQuery,
        response: { 200: BedPage },
      },
    },
    async (req) => listBeds(contextOf(req), req.query),
  );
  app.get(
    '/home-care-beds/:id',
    {
      schema: {
        tags: bedTags,
        summary: 'A family care bed with its history and the grant paid, if any',
        params: IdParams,
        response: { 200: BedView },
      },
    },
    async (req) => getBed(contextOf(req), req.params.id),
  );
  app.post(
    '/home-care-beds/:id/assess',
    {
      preValidation: emptyBody,
      schema: {
        tags: bedTags,
        summary: 'Home assessment done (入户评估)',
        params: IdParams,
        body: AssessBody,
        response: { 200: BedView },
      },
    },
    async (req) => assessBed(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/home-care-beds/:id/accept',
    {
      preValidation: emptyBody,
      schema: {
        tags: bedTags,
        summary: 'Acceptance (验收合格): pays the one-time building grant, once per elder ever',
        params: IdParams,
        body: AcceptBody,
        response: { 200: BedView },
      },
    },
    async (req) => acceptBed(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/home-care-beds/:id/contract',
    {
      preValidation: emptyBody,
      schema: {
        tags: bedTags,
        summary: 'Service contract and plan: enrols the elder in the monthly nursing subsidy',
        params: IdParams,
        body: ContractBody,
        response: { 200: BedView },
      },
    },
    async (req) => contractBed(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/home-care-beds/:id/close',
    {
      schema: {
        tags: bedTags,
        summary: 'Close the bed with its reason; the monthly nursing subsidy ends with it',
        params: IdParams,
        body: CloseBody,
        response: { 200: BedView },
      },
    },
    async (req) => closeBed(contextOf(req), req.params.id, req.body),
  );
  void tags;
};
