// 社区项目 — family care beds, meal assistance, monthly visits, home adaptation.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import { acceptBed, applyForBed, assessBed, closeBed, contractBed, getBed, listBeds } from './beds.js';
import { closeFollowUp, listFollowUps, listRiskItems } from './follow-ups.js';
import {
  acceptAdaptation,
  adaptationProgress,
  assessAdaptation,
  contractAdaptation,
  getAdaptation,
  listAdaptationItems,
  listAdaptations,
  openAdaptation,
} from './home-adaptations.js';
import { previewSettlement, settleMeals } from './meal-settlement.js';
import { checkIn, createMealPoint, dailyCounts, listMealPoints, listMenus, putMenu } from './meals.js';
import {
  AcceptBody,
  AdaptationAcceptBody,
  AdaptationAssessBody,
  AdaptationContractBody,
  AdaptationItemList,
  AdaptationPage,
  AdaptationQuery,
  AdaptationView,
  AssessBody,
  AssignBody,
  BedPage,
  BedQuery,
  BedView,
  CheckInBody,
  CheckInView,
  CloseBody,
  CloseFollowUpBody,
  Compliance,
  ComplianceQuery,
  ContractBody,
  CountsQuery,
  CreateBedBody,
  DailyCounts,
  FollowUpPage,
  FollowUpQuery,
  FollowUpView,
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
  OpenAdaptationBody,
  PlanBody,
  PlanView,
  Progress,
  ProgressQuery,
  RecordBody,
  RiskItemList,
  SettleBody,
  Settlement,
  SettlementQuery,
  TaskPage,
  TaskQuery,
  TaskView,
} from './schemas.js';
import { getPlan, putPlan } from './service-plans.js';
import {
  assignTask,
  exportCompliance,
  generateVisitTasks,
  lifeEventVisit,
  listTasks,
  recordVisit,
  VISIT_EXPORT_MAX_ROWS,
  visitCompliance,
} from './visits.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A workbook answer: sent as bytes (the serializer passes buffers through), declared for the document. */
const XlsxFile = {
  description: 'The workbook',
  content: { [XLSX]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};

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
  app.put(
    '/home-care-beds/:id/plan',
    {
      schema: {
        tags: bedTags,
        summary:
          'Set the service plan (服务计划) of a contracted bed: home-care items on weekdays at a time; the recurring orders ahead are generated',
        params: IdParams,
        body: PlanBody,
        response: { 200: PlanView },
      },
    },
    async (req) => putPlan(contextOf(req), req.params.id, req.body),
  );
  app.get(
    '/home-care-beds/:id/plan',
    {
      schema: {
        tags: bedTags,
        summary: "The bed's service plan and the home-care orders generated from it, from today on",
        params: IdParams,
        response: { 200: PlanView },
      },
    },
    async (req) => getPlan(contextOf(req), req.params.id),
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

  app.get(
    '/meals/settlements/preview',
    {
      schema: {
        tags: mealTags,
        summary: "A month's settlement before paying: subsidised meals and subsidy per meal point, and what is paid",
        querystring: SettlementQuery,
        response: { 200: Settlement },
      },
    },
    async (req) => previewSettlement(contextOf(req), req.query),
  );
  app.post(
    '/meals/settlements',
    {
      schema: {
        tags: mealTags,
        summary:
          "Pay a past month's meal subsidies to the points' organisations from the district budget (once per point and month)",
        body: SettleBody,
        response: { 200: Settlement },
      },
    },
    async (req) => settleMeals(contextOf(req), req.body),
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
  app.get(
    '/visits/compliance.xlsx',
    {
      schema: {
        tags: visitTags,
        summary: `The compliance report and the overdue list (at most ${VISIT_EXPORT_MAX_ROWS} tasks) as an .xlsx`,
        querystring: ComplianceQuery,
        response: { 200: XlsxFile },
      },
    },
    async (req, reply) => {
      const { file, overdue, truncated, month, jurisdiction } = await exportCompliance(contextOf(req), req.query);
      const name = `探访完成率-${jurisdiction}-${month}.xlsx`;
      return reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename="visit-compliance-${jurisdiction}-${month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('x-total-count', String(overdue))
        .header('x-truncated', String(truncated))
        .send(file);
    },
  );
  app.get(
    '/visits/risk-items',
    {
      schema: {
        tags: visitTags,
        summary: 'The risk items a visit may find, with the follow-up each usually asks for',
        response: { 200: RiskItemList },
      },
    },
    async (req) => listRiskItems(contextOf(req)),
  );
  app.get(
    '/visits/follow-ups',
    {
      schema: {
        tags: visitTags,
        summary: "Follow-ups opened by visits' findings in reach, per community, open first",
        querystring: FollowUpQuery,
        response: { 200: FollowUpPage },
      },
    },
    async (req) => listFollowUps(contextOf(req), req.query),
  );
  app.post(
    '/visits/follow-ups/:id/close',
    {
      preValidation: emptyBody,
      schema: {
        tags: visitTags,
        summary: 'Close a follow-up (done), with who closed it and an optional note',
        params: IdParams,
        body: CloseFollowUpBody,
        response: { 200: FollowUpView },
      },
    },
    async (req) => closeFollowUp(contextOf(req), req.params.id, req.body),
  );

  const adaptationTags = ['community: home adaptation'];
  app.get(
    '/home-adaptations/items',
    {
      schema: {
        tags: adaptationTags,
        summary: 'The catalogue of adaptation items (grab bars, non-slip floors …) with unit cost caps',
        response: { 200: AdaptationItemList },
      },
    },
    async (req) => listAdaptationItems(contextOf(req)),
  );
  app.get(
    '/home-adaptations/progress',
    {
      schema: {
        tags: adaptationTags,
        summary: '应改尽改: eligible households against accepted projects per district, street or community',
        querystring: ProgressQuery,
        response: { 200: Progress },
      },
    },
    async (req) => adaptationProgress(contextOf(req), req.query),
  );
  app.post(
    '/home-adaptations',
    {
      schema: {
        tags: adaptationTags,
        summary: "Open a household's adaptation project (特困, 低保 … by the setting in force), once per household",
        body: OpenAdaptationBody,
        response: { 201: AdaptationView },
      },
    },
    async (req, reply) => reply.code(201).send(await openAdaptation(contextOf(req), req.body)),
  );
  app.get(
    '/home-adaptations',
    {
      schema: {
        tags: adaptationTags,
        summary: 'Adaptation projects in reach',
        querystring: AdaptationQuery,
        response: { 200: AdaptationPage },
      },
    },
    async (req) => listAdaptations(contextOf(req), req.query),
  );
  app.get(
    '/home-adaptations/:id',
    {
      schema: {
        tags: adaptationTags,
        summary: 'A project with its items, cost, subsidy, contractor and acceptance',
        params: IdParams,
        response: { 200: AdaptationView },
      },
    },
    async (req) => getAdaptation(contextOf(req), req.params.id),
  );
  app.post(
    '/home-adaptations/:id/assess',
    {
      schema: {
        tags: adaptationTags,
        summary: 'Home assessment: the items with unit costs within their caps; cost and subsidy follow',
        params: IdParams,
        body: AdaptationAssessBody,
        response: { 200: AdaptationView },
      },
    },
    async (req) => assessAdaptation(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/home-adaptations/:id/contract',
    {
      schema: {
        tags: adaptationTags,
        summary: 'The contractor organisation doing the works',
        params: IdParams,
        body: AdaptationContractBody,
        response: { 200: AdaptationView },
      },
    },
    async (req) => contractAdaptation(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/home-adaptations/:id/accept',
    {
      schema: {
        tags: adaptationTags,
        summary: 'Acceptance (验收) with photos of the works',
        params: IdParams,
        body: AdaptationAcceptBody,
        response: { 200: AdaptationView },
      },
    },
    async (req) => acceptAdaptation(contextOf(req), req.params.id, req.body),
  );
  void tags;
};
