// /waitlist and the institution's queue: thin handlers over the waiting-list use cases.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../lib/errors.js';
import { contextOf } from '../../server/context.js';
import { isOfficer } from './access.js';
import { expireDueOffers } from './offers.js';
import { IdParams } from './schemas.js';
import { admissionChoices, answerOffer, applyForAdmission, refreshPriority, withdrawApplication } from './waitlist.js';
import { WAITLIST_POLICIES } from './waitlist-policy.js';
import {
  AdmissionChoices,
  AdmissionChoicesQuery,
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

  app.get(
    '/waitlist/institutions',
    {
      schema: {
        tags,
        summary: "Institutions the elder may choose on an application: the city's public ones, own district first",
        querystring: AdmissionChoicesQuery,
        response: { 200: AdmissionChoices },
      },
    },
    async (req) => admissionChoices(contextOf(req), req.query.elderId),
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
      const ctx = contextOf(req);
      const id = await applyForAdmission(ctx, req.body);
      return reply.status(201).send(await getApplication(ctx, id));
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
    async (req) => listApplications(contextOf(req), req.query),
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
    async (req) => myApplications(contextOf(req)),
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
    async (req) => getApplication(contextOf(req), req.params.id),
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
      const ctx = contextOf(req);
      await refreshPriority(ctx, req.params.id);
      return getApplication(ctx, req.params.id);
    },
  );
  app.post(
    '/waitlist/applications/:id/withdraw',
    { schema: { tags, params: IdParams, body: ReasonBody, response: { 200: WaitlistApplication } } },
    async (req) => {
      const ctx = contextOf(req);
      await withdrawApplication(ctx, req.params.id, req.body);
      return getApplication(ctx, req.params.id);
    },
  );
  app.post(
    '/waitlist/offers/:id/accept',
    { schema: { tags, params: IdParams, body: AnswerBody, response: { 200: WaitlistApplication } } },
    async (req) => {
      const ctx = contextOf(req);
      return getApplication(ctx, await answerOffer(ctx, req.params.id, 'accept', req.body));
    },
  );
  app.post(
    '/waitlist/offers/:id/decline',
    { schema: { tags, params: IdParams, body: AnswerBody, response: { 200: WaitlistApplication } } },
    async (req) => {
      const ctx = contextOf(req);
      return getApplication(ctx, await answerOffer(ctx, req.params.id, 'decline', req.body));
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
      const ctx = contextOf(req);
      if (!isOfficer(ctx.actor)) throw new AppError('forbidden');
      return { expired: await expireDueOffers(ctx.db, ctx.now) };
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
    async (req) => institutionQueue(contextOf(req), req.params.id),
  );
};
