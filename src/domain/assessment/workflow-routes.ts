// Routes of the assessor workflow: qualifications, conflicts, tasks, assessments, history.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import {
  correctAssessment,
  getAssessment,
  returnToDraft,
  signAssessment,
  startAssessment,
  submitAssessment,
  updateDraft,
} from './assessments.js';
import { declareConflict, listQualifications, registerQualification } from './assessors.js';
import { elderCurrentLevel, elderHistory } from './history.js';
import { importLegacy } from './legacy.js';
import { AssessmentPatchBody, IdParams, IsoDate, Nullable, Purpose } from './schemas.js';
import { levelStatistics } from './stats.js';
import { assignTask, cancelTask, getTask, listTasks, requestAssessment, scheduleFor } from './tasks.js';
import {
  AssessmentView,
  Created,
  HistoryView,
  LegacyImported,
  LevelStatistics,
  LevelView,
  QualificationView,
  ScheduleResult,
  TaskView,
} from './view-schemas.js';

const tags = ['assessment'];
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const LegacyRecord = Type.Object(
  {
    elderId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    idNumber: Type.Optional(Type.String({ maxLength: 18 })),
    assessedOn: IsoDate,
    adlItems: Type.Optional(
      Type.Record(Type.String({ maxLength: 20 }), Type.Integer({ maximum: 100 }), { maxProperties: 12 }),
    ),
    adlScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    adlGrade: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
    mentalGrade: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
    perceptionGrade: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
    socialGrade: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
    level: Type.Integer({ minimum: 0, maximum: 3, description: '0 能力完好 … 3 重度失能, as recorded' }),
    source: Type.String({ minLength: 1, maxLength: 100, description: 'the old system' }),
    externalId: Type.String({ minLength: 1, maxLength: 100, description: 'the record id in the old system' }),
  },
  { additionalProperties: false },
);

export const workflowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/assessor-qualifications',
    {
      schema: {
        tags,
        summary: 'Assessor qualifications (managers: their districts; assessors: their own)',
        querystring: Type.Object({
          userId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
        }),
        response: { 200: Type.Array(QualificationView) },
      },
    },
    async (req) => listQualifications(contextOf(req), { userId: req.query.userId }),
  );
  app.post(
    '/assessor-qualifications',
    {
      schema: {
        tags,
        summary: 'Register an assessor qualification (评估员资格证书)',
        body: Type.Object(
          {
            userId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
            certificateNo: Type.String({ minLength: 3, maxLength: 50 }),
            issuer: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            issuedOn: IsoDate,
            expiresOn: IsoDate,
          },
          { additionalProperties: false },
        ),
        response: { 201: QualificationView },
      },
    },
    async (req, reply) => reply.status(201).send(await registerQualification(contextOf(req), req.body)),
  );
  app.post(
    '/assessor-conflicts',
    {
      schema: {
        tags,
        summary: 'Declare a conflict of interest (relative, employing institution)',
        body: Type.Object(
          {
            userId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            kind: lit(['relative', 'employer', 'other'] as const),
            elderId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            organisationId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Created },
      },
    },
    async (req, reply) => reply.status(201).send(await declareConflict(contextOf(req), req.body)),
  );

  app.get(
    '/assessment-tasks',
    {
      schema: {
        tags,
        querystring: Type.Object({
          status: Type.Optional(lit(['open', 'assigned', 'completed', 'cancelled'] as const)),
          mine: Type.Optional(Type.Boolean()),
          elderId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
          page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Array(TaskView) },
      },
    },
    async (req) => {
      const { page, pageSize, ...filters } = req.query;
      return listTasks(contextOf(req), filters, page, pageSize);
    },
  );
  app.post(
    '/assessment-tasks',
    {
      schema: {
        tags,
        summary: 'Apply for an assessment (elder, family or officer) or report a change of condition',
        body: Type.Object(
          {
            elderId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
            reason: lit(['application', 'condition_change'] as const),
            requesterKind: Type.Optional(lit(['elder', 'family'] as const)),
            institutionId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }))),
            note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
            dueOn: Type.Optional(Nullable(IsoDate)),
          },
          { additionalProperties: false },
        ),
        response: { 200: TaskView, 201: TaskView },
      },
    },
    async (req, reply) => {
      const { task, created } = await requestAssessment(contextOf(req), req.body);
      return reply.status(created ? 201 : 200).send(task);
    },
  );
  app.post(
    '/assessment-tasks/schedule',
    {
      schema: {
        tags,
        summary: 'Open scheduled re-assessment tasks for elders assessed more than `months` ago',
        body: Type.Object(
          { months: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })), today: Type.Optional(IsoDate) },
          { additionalProperties: false },
        ),
        response: { 200: ScheduleResult },
      },
    },
    async (req) => ({ created: await scheduleFor(contextOf(req), req.body) }),
  );
  app.get('/assessment-tasks/:id', { schema: { tags, params: IdParams, response: { 200: TaskView } } }, async (req) =>
    getTask(contextOf(req), req.params.id),
  );
  app.post(
    '/assessment-tasks/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign two certified assessors',
        params: IdParams,
        body: Type.Object(
          {
            assessorIds: Type.Tuple(
              [
                Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
                Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
              ],
              { maxItems: 2 },
            ),
            dueOn: Type.Optional(Nullable(IsoDate)),
          },
          { additionalProperties: false },
        ),
        response: { 200: TaskView },
      },
    },
    async (req) =>
      assignTask(contextOf(req), req.params.id, {
        assessorIds: req.body.assessorIds as [number, number],
        dueOn: req.body.dueOn,
      }),
  );
  app.post(
    '/assessment-tasks/:id/cancel',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
        response: { 200: TaskView },
      },
    },
    async (req) => cancelTask(contextOf(req), req.params.id, req.body.note ?? null),
  );
  app.post(
    '/assessment-tasks/:id/assessments',
    {
      schema: {
        tags,
        summary: 'Start the assessment of a task (a draft; the same one if already started)',
        params: IdParams,
        body: Type.Object(
          { assessedOn: Type.Optional(IsoDate), place: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 201: AssessmentView },
      },
    },
    async (req, reply) => reply.status(201).send(await startAssessment(contextOf(req), req.params.id, req.body)),
  );

  app.get(
    '/assessments/:id',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object({ purpose: Purpose }),
        response: { 200: AssessmentView },
      },
    },
    async (req) => getAssessment(contextOf(req), req.params.id),
  );
  app.patch(
    '/assessments/:id',
    {
      schema: {
        tags,
        summary: 'Save answers to a draft (partial answers allowed)',
        params: IdParams,
        body: AssessmentPatchBody,
        response: { 200: AssessmentView },
      },
    },
    async (req) => updateDraft(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/assessments/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit a complete draft for signatures',
        params: IdParams,
        response: { 200: AssessmentView },
      },
    },
    async (req) => submitAssessment(contextOf(req), req.params.id),
  );
  app.post(
    '/assessments/:id/return',
    {
      schema: {
        tags,
        summary: 'Send a submitted assessment back to draft',
        params: IdParams,
        body: Type.Object({ note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
        response: { 200: AssessmentView },
      },
    },
    async (req) => returnToDraft(contextOf(req), req.params.id, req.body.note ?? null),
  );
  app.post(
    '/assessments/:id/sign',
    {
      schema: {
        tags,
        summary: 'Sign as an assigned assessor; the second signature seals it',
        params: IdParams,
        response: { 200: AssessmentView },
      },
    },
    async (req) => signAssessment(contextOf(req), req.params.id),
  );
  app.post(
    '/assessments/:id/corrections',
    {
      schema: {
        tags,
        summary: 'Correct a signed assessment by a new one that supersedes it',
        params: IdParams,
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 201: AssessmentView },
      },
    },
    async (req, reply) => reply.status(201).send(await correctAssessment(contextOf(req), req.params.id, req.body.note)),
  );

  app.get(
    '/elders/:id/assessments',
    {
      schema: {
        tags,
        summary: 'Assessment history, current level, old-standard results',
        params: IdParams,
        querystring: Type.Object({ purpose: Purpose }),
        response: { 200: HistoryView },
      },
    },
    async (req) => elderHistory(contextOf(req), req.params.id),
  );
  app.get(
    '/elders/:id/assessment-level',
    {
      schema: {
        tags,
        summary: 'Current capability level (latest signed GB/T 42195-2022 assessment)',
        params: IdParams,
        querystring: Type.Object({ purpose: Purpose }),
        response: { 200: LevelView },
      },
    },
    async (req) => elderCurrentLevel(contextOf(req), req.params.id),
  );
  app.get(
    '/assessment-statistics',
    {
      schema: {
        tags,
        summary: 'Current levels by district; old-standard results in a separate block',
        response: { 200: LevelStatistics },
      },
    },
    async (req) => levelStatistics(contextOf(req)),
  );
  app.post(
    '/assessments/legacy',
    {
      schema: {
        tags,
        summary: 'Import MZ/T 039-2013 results (all or nothing; re-import skips known records)',
        body: Type.Object(
          { records: Type.Array(LegacyRecord, { minItems: 1, maxItems: 5000 }) },
          { additionalProperties: false },
        ),
        response: { 200: LegacyImported },
      },
    },
    async (req) => importLegacy(contextOf(req), req.body.records),
  );
};
