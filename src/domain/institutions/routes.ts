// /institutions, /beds, /residencies, /occupancy: thin handlers over the use cases.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import { addBeds, bedBoard, updateBed } from './beds.js';
import { getInstitution, listInstitutions, mapPoints, registerInstitution, updateInstitution } from './institutions.js';
import {
  BED_STATUS_LABELS,
  BED_TYPE_LABELS,
  DISCHARGE_REASON_LABELS,
  KIND_LABELS,
  OWNERSHIP_LABELS,
  RISK_LEVEL_LABELS,
  SAFETY_RISK_LABELS,
} from './kinds.js';
import { areaOccupancy } from './occupancy.js';
import { admitResident, dischargeResident, getResident, listResidents, moveResidentToBed } from './residents.js';
import {
  AddBedsBody,
  AdmitBody,
  AreaOccupancy,
  BedList,
  BedMoveBody,
  BedPatchBody,
  BedView,
  DischargeBody,
  IdParams,
  InstitutionCreateBody,
  InstitutionDetail,
  InstitutionPage,
  InstitutionPatchBody,
  InstitutionQuery,
  MapPoints,
  OccupancyQuery,
  ResidentList,
  ResidentRecord,
  ResidentsQuery,
  StarRatingBody,
  StarRatingList,
  StarRatingRecorded,
  Vocabulary,
} from './schemas.js';
import { STAR_SCALES } from './star-rating.js';
import { listStarRatings, recordStarRating } from './star-ratings.js';
import { waitlistRoutes } from './waitlist-routes.js';

export const institutionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['institutions'];
  await app.register(waitlistRoutes);

  app.get(
    '/institutions/vocabulary',
    {
      schema: {
        tags,
        summary: 'Kinds, ownership, bed types, GB 38600 risks and star scales',
        response: { 200: Vocabulary },
      },
    },
    async () => ({
      kinds: KIND_LABELS,
      ownerships: OWNERSHIP_LABELS,
      bedTypes: BED_TYPE_LABELS,
      bedStatuses: BED_STATUS_LABELS,
      safetyRisks: SAFETY_RISK_LABELS,
      riskLevels: [...RISK_LEVEL_LABELS],
      dischargeReasons: DISCHARGE_REASON_LABELS,
      starScales: [...STAR_SCALES],
    }),
  );

  app.get(
    '/institutions',
    {
      schema: {
        tags,
        summary: 'Institutions and community facilities within reach, with live occupancy',
        querystring: InstitutionQuery,
        response: { 200: InstitutionPage },
      },
    },
    async (req) => listInstitutions(contextOf(req), req.query),
  );

  app.get(
    '/institutions/map',
    {
      schema: {
        tags,
        summary: 'Map points (养老地图)',
        querystring: Type.Omit(InstitutionQuery, ['page', 'pageSize']),
        response: { 200: MapPoints },
      },
    },
    async (req) => mapPoints(contextOf(req), req.query),
  );

  app.post(
    '/institutions',
    {
      schema: {
        tags,
        summary: 'Register an institution or community facility',
        body: InstitutionCreateBody,
        response: { 201: InstitutionDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await registerInstitution(contextOf(req), req.body)),
  );

  app.get(
    '/institutions/:id',
    {
      schema: {
        tags,
        summary: 'One institution: profile, star, occupancy, warnings',
        params: IdParams,
        response: { 200: InstitutionDetail },
      },
    },
    async (req) => getInstitution(contextOf(req), req.params.id),
  );

  app.patch(
    '/institutions/:id',
    { schema: { tags, params: IdParams, body: InstitutionPatchBody, response: { 200: InstitutionDetail } } },
    async (req) => updateInstitution(contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/institutions/:id/star-ratings',
    { schema: { tags, params: IdParams, response: { 200: StarRatingList } } },
    async (req) => listStarRatings(contextOf(req), req.params.id),
  );
  app.post(
    '/institutions/:id/star-ratings',
    {
      schema: {
        tags,
        summary: 'Record a GB/T 37276 evaluation',
        params: IdParams,
        body: StarRatingBody,
        response: { 201: StarRatingRecorded },
      },
    },
    async (req, reply) => reply.status(201).send(await recordStarRating(contextOf(req), req.params.id, req.body)),
  );

  app.get(
    '/institutions/:id/beds',
    { schema: { tags, summary: 'Beds board', params: IdParams, response: { 200: BedList } } },
    async (req) => bedBoard(contextOf(req), req.params.id),
  );
  app.post(
    '/institutions/:id/beds',
    { schema: { tags, summary: 'Add beds', params: IdParams, body: AddBedsBody, response: { 201: BedList } } },
    async (req, reply) => reply.status(201).send(await addBeds(contextOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/beds/:id',
    {
      schema: {
        tags,
        summary: 'Take a bed out of service or back, change its type or label',
        params: IdParams,
        body: BedPatchBody,
        response: { 200: BedView },
      },
    },
    async (req) => updateBed(contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/institutions/:id/residents',
    { schema: { tags, params: IdParams, querystring: ResidentsQuery, response: { 200: ResidentList } } },
    async (req) => listResidents(contextOf(req), req.params.id, req.query.status ?? 'current'),
  );
  app.post(
    '/institutions/:id/residents',
    {
      schema: {
        tags,
        summary: 'Admit (with the GB 38600 safety-risk assessment)',
        params: IdParams,
        body: AdmitBody,
        response: { 201: ResidentRecord },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const id = await admitResident(ctx, req.params.id, req.body);
      return reply.status(201).send(await getResident(ctx, id, { audit: false }));
    },
  );
  app.get(
    '/residencies/:id',
    {
      schema: {
        tags,
        summary: 'One stay with the resident record (audited)',
        params: IdParams,
        response: { 200: ResidentRecord },
      },
    },
    async (req) => getResident(contextOf(req), req.params.id),
  );
  app.post(
    '/residencies/:id/bed-move',
    {
      schema: {
        tags,
        summary: 'Move to another bed of the same institution',
        params: IdParams,
        body: BedMoveBody,
        response: { 200: ResidentRecord },
      },
    },
    async (req) => {
      const ctx = contextOf(req);
      await moveResidentToBed(ctx, req.params.id, req.body);
      return getResident(ctx, req.params.id, { audit: false });
    },
  );
  app.post(
    '/residencies/:id/discharge',
    {
      schema: {
        tags,
        summary: 'Discharge; in a waiting-list institution the bed is offered on at once',
        params: IdParams,
        body: DischargeBody,
        response: { 200: ResidentRecord },
      },
    },
    async (req) => {
      const ctx = contextOf(req);
      await dischargeResident(ctx, req.params.id, { ...req.body, note: req.body.note ?? null });
      return getResident(ctx, req.params.id, { audit: false });
    },
  );

  app.get(
    '/occupancy',
    {
      schema: {
        tags,
        summary: 'Live occupancy and nursing-bed share, in total and per district',
        querystring: OccupancyQuery,
        response: { 200: AreaOccupancy },
      },
    },
    async (req) => areaOccupancy(contextOf(req), req.query.district),
  );
};
