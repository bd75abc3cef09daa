// /waitlist and the institution's queue: thin handlers over the waiting-list use cases.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../lib/errors.js';
import { actorOf } from '../../server/context.js';
import { isOfficer } from './access.js';
import { expireDueOffers } from './offers.js';
import { IdParams } from './schemas.js';
import { answerOffer, applyForAdmission, refreshPriority, withdrawApplication } from './waitlist.js';
import { WAITLIST_POLICIES } from './waitlist-policy.js';
import {
  AnswerBody,
  ApplicationList,
  ApplicationQuery,
  ApplyBody,
  ExpiredOffers,
  InstitutionQueue,
  ReasonBody,
  WaitlistApplication,
  WaitlistApplications,
  WaitlistPolicies,
} from './waitlist-schemas.js';
import { getApplication, institutionQueue, listApplications, myApplications } from './waitlist-views.js';

export const waitlistRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;
  const tags = ['waiting list'];

  app.get(
    '/waitlist/policy',
    {
      schema: {
        tags,
        summary: 'Eligibility and priority rules of the admission waiting list (all versions)',
        response: { 200: WaitlistPolicies },
      },
    },
    async () => [...WAITLIST_POLICIES],
  );

  app.post(
    '/waitlist/applications',
    {
      schema: {
        tags,
        summary: 'Apply for admission to public institutions (入院评估轮候)',
        body: ApplyBody,
        response: { 201: WaitlistApplication },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await applyForAdmission(db, actor, req.body);
      return reply.status(201).send(await getApplication(db, actor, id));
    },
  );
  app.get(
    '/waitlist/applications',
    {
      schema: {
        tags,
        summary: 'Applications of elders in your registry scope',
        querystring: ApplicationQuery,
        response: { 200: ApplicationList },
      },
    },
    async (req) => {
      const { page, pageSize, ...f } = req.query;
      return listApplications(db, actorOf(req), f, page, pageSize);
    },
  );
  app.get(
    '/waitlist/mine',
    {
      schema: {
        tags,
        summary: 'The family view: your elder’s applications, place and why',
        response: { 200: WaitlistApplications },
      },
    },
    async (req) => myApplications(db, actorOf(req)),
  );
  app.get(
    '/waitlist/applications/:id',
    {
      schema: {
        tags,
        summary: 'One application: place per institution, the reasons, offers and history',
        params: IdParams,
        response: { 200: WaitlistApplication },
      },
    },
    async (req) => getApplication(db, actorOf(req), req.params.id),
  );
  app.post(
    '/waitlist/applications/:id/refresh',
    {
      schema: {
        tags,
        summary: 'Re-place after new facts (assessment, status flags)',
        params: IdParams,
        response: { 200: WaitlistApplication },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await refreshPriority(db, actor, req.params.id);
      return getApplication(db, actor, req.params.id);
    },
  );
  app.post(
    '/waitlist/applications/:id/withdraw',
    { schema: { tags, params: IdParams, body: ReasonBody, response: { 200: WaitlistApplication } } },
    async (req) => {
      const actor = actorOf(req);
      await withdrawApplication(db, actor, req.params.id, req.body.reason);
      return getApplication(db, actor, req.params.id);
    },
  );
  app.post(
    '/waitlist/offers/:id/accept',
    { schema: { tags, params: IdParams, body: AnswerBody, response: { 200: WaitlistApplication } } },
    async (req) => {
      const actor = actorOf(req);
      return getApplication(db, actor, await answerOffer(db, actor, req.params.id, 'accept', req.body.note ?? null));
    },
  );
  app.post(
    '/waitlist/offers/:id/decline',
    { schema: { tags, params: IdParams, body: AnswerBody, response: { 200: WaitlistApplication } } },
    async (req) => {
      const actor = actorOf(req);
      return getApplication(db, actor, await answerOffer(db, actor, req.params.id, 'decline', req.body.note ?? null));
    },
  );
  app.post(
    '/waitlist/expire',
    {
      schema: {
        tags,
        summary: 'Expire overdue offers now and pass their beds on (also runs by `yiyang waitlist-expire`)',
        response: { 200: ExpiredOffers },
      },
    },
    async (req) => {
      if (!isOfficer(actorOf(req))) throw new AppError('forbidden');
      return { expired: await expireDueOffers(db) };
    },
  );
  app.get(
    '/institutions/:id/waitlist',
    {
      schema: {
        tags,
        summary: 'The institution’s queue in offer order',
        params: IdParams,
        response: { 200: InstitutionQueue },
      },
    },
    async (req) => institutionQueue(db, actorOf(req), req.params.id),
  );
};
