// 社区项目 — family care beds, meal assistance, monthly visits, home adaptation.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../../server/context.js';
import { acceptBed, applyForBed, assessBed, closeBed, contractBed, getBed, listBeds } from './beds.js';
import { checkIn, createMealPoint, dailyCounts, listMealPoints, listMenus, putMenu } from './meals.js';
import {
  AcceptBody,
  AssessBody,
  AssignBody,
  BedPage,
  BedQuery,
  BedView,
  CheckInBody,
  CheckInView,
  CloseBody,
  Compliance,
  ComplianceQuery,
  ContractBody,
  CountsQuery,
  CreateBedBody,
  DailyCounts,
  GenerateBody,
  GenerateResult,
  IdParams,
  LifeEventBody,
  MealPointBody,
  MealPointList,
  MealPointQuery,
  MealPointView,
  MenuBody,
  MenuList,
  MenuQuery,
  MenuView,
  RecordBody,
  TaskPage,
  TaskQuery,
  TaskView,
} from './schemas.js';
import { assignTask, generateVisitTasks, lifeEventVisit, listTasks, recordVisit, visitCompliance } from './visits.js';

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

  const mealTags = ['community: meal assistance'];
  app.post(
    '/meals/points',
    {
      schema: {
        tags: mealTags,
        summary: 'Register a meal point (助餐点): location, hours per meal, capacity',
        body: MealPointBody,
        response: { 201: MealPointView },
      },
    },
    async (req, reply) => reply.code(201).send(await createMealPoint(contextOf(req), req.body)),
  );
  app.get(
    '/meals/points',
    {
      schema: {
        tags: mealTags,
        summary: 'Meal points in reach',
        querystring: MealPointQuery,
        response: { 200: MealPointList },
      },
    },
    async (req) => listMealPoints(contextOf(req), req.query),
  );
  app.put(
    '/meals/points/:id/menus',
    {
      schema: {
        tags: mealTags,
        summary: "Set a day's menu and price for one meal",
        params: IdParams,
        body: MenuBody,
        response: { 200: MenuView },
      },
    },
    async (req) => putMenu(contextOf(req), req.params.id, req.body),
  );
  app.get(
    '/meals/points/:id/menus',
    {
      schema: {
        tags: mealTags,
        summary: 'Menus of a point by day',
        params: IdParams,
        querystring: MenuQuery,
        response: { 200: MenuList },
      },
    },
    async (req) => listMenus(contextOf(req), req.params.id, req.query),
  );
  app.post(
    '/meals/check-ins',
    {
      schema: {
        tags: mealTags,
        summary:
          'Check an elder in for a meal by elder code or face; one subsidised meal per meal time (409 on a second)',
        body: CheckInBody,
        response: { 201: CheckInView },
      },
    },
    async (req, reply) => reply.code(201).send(await checkIn(contextOf(req), req.body)),
  );
  app.get(
    '/meals/counts',
    {
      schema: {
        tags: mealTags,
        summary: 'Meals served per point and meal time on a day',
        querystring: CountsQuery,
        response: { 200: DailyCounts },
      },
    },
    async (req) => dailyCounts(contextOf(req), req.query),
  );

  const visitTags = ['community: visits'];
  app.post(
    '/visits/tasks/generate',
    {
      schema: {
        tags: visitTags,
        summary:
          "Generate a calendar month's visit tasks for a jurisdiction (idempotent: a second run adds only what is missing)",
        body: GenerateBody,
        response: { 200: GenerateResult },
      },
    },
    async (req) => generateVisitTasks(contextOf(req), req.body),
  );
  app.post(
    '/visits/tasks/life-event',
    {
      schema: {
        tags: visitTags,
        summary: 'An extra visit within 24 h after a discharge, a bereavement or an alarm',
        body: LifeEventBody,
        response: { 201: TaskView },
      },
    },
    async (req, reply) => reply.code(201).send(await lifeEventVisit(contextOf(req), req.body)),
  );
  app.get(
    '/visits/tasks',
    {
      schema: {
        tags: visitTags,
        summary: "A month's visit tasks in reach (overdue=true: the overdue list)",
        querystring: TaskQuery,
        response: { 200: TaskPage },
      },
    },
    async (req) => listTasks(contextOf(req), req.query),
  );
  app.post(
    '/visits/tasks/:id/assign',
    {
      schema: {
        tags: visitTags,
        summary: 'Assign to a community worker or volunteer of the community',
        params: IdParams,
        body: AssignBody,
        response: { 200: TaskView },
      },
    },
    async (req) => assignTask(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/visits/tasks/:id/record',
    {
      schema: {
        tags: visitTags,
        summary: 'Record the visit (home, phone or video) with its findings',
        params: IdParams,
        body: RecordBody,
        response: { 200: TaskView },
      },
    },
    async (req) => recordVisit(contextOf(req), req.params.id, req.body),
  );
  app.get(
    '/visits/compliance',
    {
      schema: {
        tags: visitTags,
        summary: 'Visits done against due per district, street or community, against 100%',
        querystring: ComplianceQuery,
        response: { 200: Compliance },
      },
    },
    async (req) => visitCompliance(contextOf(req), req.query),
  );
  void tags;
};
