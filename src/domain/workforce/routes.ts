// /workforce: the caregiver and care-staff registry, staffing checks and incentive schedules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { todayInShanghai } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { actorOf } from '../../server/context.js';
import { prefixesFor } from '../identity/scope.js';
import { employerFor, WORKFORCE_OFFICERS } from './access.js';
import { instalmentsDue, scheduleIncentives } from './incentives.js';
import {
  CertificateBody,
  EndEmploymentBody,
  HireBody,
  IdParams,
  MonthBody,
  TrainingBody,
  WorkerCreateBody,
  WorkerQuery,
} from './schemas.js';
import { institutionFacts, STAFFING_RULES, staffCounts, staffingWarnings } from './staffing.js';
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

export const workforceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;
  const tags = ['workforce'];

  app.get('/workforce/vocabulary', { schema: { tags } }, async () => ({
    jobRoles: JOB_ROLE_LABELS,
    educations: EDUCATION_LABELS,
    skillLevels: SKILL_LEVEL_LABELS,
    certificateKinds: CERTIFICATE_KIND_LABELS,
    incentives: INCENTIVE_LABELS,
    staffingRules: STAFFING_RULES,
  }));

  app.get(
    '/workforce/workers',
    { schema: { tags, summary: 'Current staff within reach (ID numbers masked)', querystring: WorkerQuery } },
    async (req) => {
      const { page, pageSize, ...f } = req.query;
      return listWorkers(db, actorOf(req), f, page, pageSize);
    },
  );
  app.post(
    '/workforce/workers',
    { schema: { tags, summary: 'Register a caregiver or care worker with their employment', body: WorkerCreateBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await registerWorker(db, actor, req.body);
      return reply.status(201).send(await getWorker(db, actor, id));
    },
  );
  app.post(
    '/workforce/hire',
    { schema: { tags, summary: 'Hire an already registered person (by the ID card they present)', body: HireBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await hireRegistered(db, actor, req.body.idNumber, req.body.employment);
      return reply.status(201).send(await getWorker(db, actor, id));
    },
  );
  app.get(
    '/workforce/workers/:id',
    {
      schema: {
        tags,
        summary: 'One person: employments, certificates, training, incentive instalments',
        params: IdParams,
      },
    },
    async (req) => getWorker(db, actorOf(req), req.params.id),
  );
  app.post(
    '/workforce/workers/:id/certificates',
    { schema: { tags, params: IdParams, body: CertificateBody } },
    async (req) => {
      const actor = actorOf(req);
      await addCertificate(db, actor, req.params.id, req.body);
      return getWorker(db, actor, req.params.id);
    },
  );
  app.post(
    '/workforce/workers/:id/training',
    { schema: { tags, params: IdParams, body: TrainingBody } },
    async (req) => {
      const actor = actorOf(req);
      await addTraining(db, actor, req.params.id, req.body);
      return getWorker(db, actor, req.params.id);
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
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const workerId = await endEmployment(db, actor, req.params.id, req.body.leftOn, req.body.reason);
      return { workerId };
    },
  );

  app.get(
    '/workforce/organisations/:id/staffing',
    { schema: { tags, summary: 'Staff by role and the staffing warnings (001 专栏6)', params: IdParams } },
    async (req) => {
      const actor = actorOf(req);
      const org = await employerFor(db, actor, req.params.id);
      const counts = (await staffCounts(db, [org.id])).get(org.id) ?? {};
      if (org.kind !== 'institution') return { organisationId: org.id, counts, warnings: [] };
      const facts = await institutionFacts(db, org.id, todayInShanghai());
      return {
        organisationId: org.id,
        counts,
        ...facts,
        warnings: await staffingWarnings(db, { id: org.id, ...facts }),
      };
    },
  );

  app.post(
    '/workforce/incentives/schedule',
    {
      schema: {
        tags,
        summary: 'Ask the policy engine for the month and store the instalments (idempotent); lists what is due',
        body: MonthBody,
      },
    },
    async (req) => {
      const prefixes = prefixesFor(actorOf(req), WORKFORCE_OFFICERS);
      if (!prefixes.length) throw new AppError('forbidden');
      const { month } = req.body;
      const [y, m] = month.split('-').map(Number) as [number, number];
      const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      const district = prefixes.includes('') || prefixes.some((p) => p.length < 6) ? undefined : prefixes[0];
      const result = await scheduleIncentives(db, { onDate: monthEnd, month, districtPrefix: district });
      const due = await instalmentsDue(db, monthEnd, district);
      return {
        ...result,
        dueCount: due.length,
        dueFen: due.reduce((s, d) => s + d.amountFen, 0),
        due: due.slice(0, 500),
      };
    },
  );
};
