// /workforce: the caregiver and care-staff registry, staffing checks and incentive schedules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { contextOf } from '../../server/context.js';
import { scheduleMonth } from './incentives.js';
import {
  CertificateBody,
  EmploymentEnded,
  EndEmploymentBody,
  HireBody,
  IdParams,
  MonthBody,
  ScheduleView,
  StaffingView,
  TrainingBody,
  Vocabulary,
  WorkerCreateBody,
  WorkerPage,
  WorkerQuery,
  WorkerView,
} from './schemas.js';
import { organisationStaffing, STAFFING_RULES } from './staffing.js';
import {
  CERTIFICATE_KIND_LABELS,
  EDUCATION_LABELS,
  INCENTIVE_LABELS,
  JOB_ROLE_LABELS,
  SKILL_LEVEL_LABELS,
} from './vocabulary.js';
import {
  addCertificate,
  addTraining,
  endEmployment,
  getWorker,
  hireRegistered,
  listWorkers,
  registerWorker,
} from './workers.js';

const VOCABULARY: Vocabulary = {
  jobRoles: JOB_ROLE_LABELS,
  educations: EDUCATION_LABELS,
  skillLevels: SKILL_LEVEL_LABELS,
  certificateKinds: CERTIFICATE_KIND_LABELS,
  incentives: INCENTIVE_LABELS,
  staffingRules: STAFFING_RULES,
};

export const workforceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['workforce'];

  app.get(
    '/workforce/vocabulary',
    {
      schema: {
        tags,
        summary: 'Job roles, education, skill levels, certificate kinds, incentives and the staffing rules',
        response: { 200: Vocabulary },
      },
    },
    async () => VOCABULARY,
  );

  app.get(
    '/workforce/workers',
    {
      schema: {
        tags,
        summary: 'Current staff within reach (ID numbers masked)',
        querystring: WorkerQuery,
        response: { 200: WorkerPage },
      },
    },
    async (req) => listWorkers(contextOf(req), req.query),
  );
  app.post(
    '/workforce/workers',
    {
      schema: {
        tags,
        summary: 'Register a caregiver or care worker with their employment',
        body: WorkerCreateBody,
        response: { 201: WorkerView },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const id = await registerWorker(ctx, req.body);
      return reply.status(201).send(await getWorker(ctx, id));
    },
  );
  app.post(
    '/workforce/hire',
    {
      schema: {
        tags,
        summary: 'Hire an already registered person (by the ID card they present)',
        body: HireBody,
        response: { 201: WorkerView },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const id = await hireRegistered(ctx, req.body);
      return reply.status(201).send(await getWorker(ctx, id));
    },
  );
  app.get(
    '/workforce/workers/:id',
    {
      schema: {
        tags,
        summary: 'One person: employments, certificates, training, incentive instalments',
        params: IdParams,
        response: { 200: WorkerView },
      },
    },
    async (req) => getWorker(contextOf(req), req.params.id),
  );
  app.post(
    '/workforce/workers/:id/certificates',
    {
      schema: {
        tags,
        summary: 'Record a certificate; answers the person',
        params: IdParams,
        body: CertificateBody,
        response: { 200: WorkerView },
      },
    },
    async (req) => {
      const ctx = contextOf(req);
      await addCertificate(ctx, req.params.id, req.body);
      return getWorker(ctx, req.params.id);
    },
  );
  app.post(
    '/workforce/workers/:id/training',
    {
      schema: {
        tags,
        summary: 'Record training; answers the person',
        params: IdParams,
        body: TrainingBody,
        response: { 200: WorkerView },
      },
    },
    async (req) => {
      const ctx = contextOf(req);
      await addTraining(ctx, req.params.id, req.body);
      return getWorker(ctx, req.params.id);
    },
  );
  app.post(
    '/workforce/employments/:id/end',
    {
      schema: {
        tags,
        summary: 'The person leaves: later incentive instalments stop',
        params: IdParams,
        body: EndEmploymentBody,
        response: { 200: EmploymentEnded },
      },
    },
    async (req) => ({ workerId: await endEmployment(contextOf(req), req.params.id, req.body) }),
  );

  app.get(
    '/workforce/organisations/:id/staffing',
    {
      schema: {
        tags,
        summary: 'Staff by role and the staffing warnings (001 专栏6)',
        params: IdParams,
        response: { 200: StaffingView },
      },
    },
    async (req) => organisationStaffing(contextOf(req), req.params.id),
  );

  app.post(
    '/workforce/incentives/schedule',
    {
      schema: {
        tags,
        summary: 'Ask the policy engine for the month and store the instalments (idempotent); lists what is due',
        body: MonthBody,
        response: { 200: ScheduleView },
      },
    },
    async (req) => scheduleMonth(contextOf(req), req.body.month),
  );
};
