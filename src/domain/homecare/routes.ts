// 在宅服务 — home and community care: catalogue, orders, dispatch, verified visits (EVV), settlement.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import { getCatalogue, listCodes } from './catalogue.js';
import { answerOffer, myOffers, offerOrder, orderOffers, proposeWorkers } from './dispatch.js';
import {
  acceptOrder,
  assignOrder,
  cancelOrder,
  declineOrder,
  getOrder,
  listOrders,
  placeOrder,
  quoteOrder,
} from './orders.js';
import { pinStatus, setElderPin } from './pins.js';
import {
  getProvider,
  linkWorkerAccount,
  listProviders,
  providerItems,
  registerProvider,
  setProviderItems,
} from './providers.js';
import { answerComplaint, fileComplaint, listComplaints, rateVisit } from './ratings.js';
import {
  AnswerBody,
  AssignBody,
  Catalogue,
  CatalogueQuery,
  CheckInBody,
  CheckOutBody,
  CodeList,
  ComplaintBody,
  ComplaintList,
  ComplaintQuery,
  ComplaintView,
  ExceptionParams,
  IdParams,
  MineQuery,
  OfferAnswerBody,
  OfferBody,
  OfferList,
  OfferView,
  OrderBody,
  OrderList,
  OrderQuery,
  OrderView,
  PinBody,
  PinStatus,
  ProposalList,
  ProviderBody,
  ProviderItemList,
  ProviderItemsBody,
  ProviderList,
  ProviderQuery,
  ProviderView,
  QuoteAnswer,
  RatingBody,
  RatingView,
  ReasonBody,
  ResolveBody,
  SettlementQuery,
  SettlementReport,
  SosBody,
  SosList,
  SosQuery,
  SosResolveBody,
  SosView,
  VisitList,
  VisitQuery,
  VisitView,
  WorkerAccountBody,
  WorkerAccountView,
} from './schemas.js';
import { exportSettlement, settlementReport } from './settlement.js';
import { answerSos, listSos, raiseSos } from './sos.js';
import { checkIn, checkOut, getVisit, listVisits, myVisits, resolveException } from './visits.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const homecareRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['homecare'];
  app.get(
    '/homecare/catalogue',
    {
      schema: {
        tags,
        summary: '基本养老服务项目清单 in effect for a place, or for an elder with their subsidy per unit',
        querystring: CatalogueQuery,
        response: { 200: Catalogue },
      },
    },
    async (req) => getCatalogue(contextOf(req), req.query),
  );
  app.get(
    '/homecare/codes',
    { schema: { tags, summary: 'Exception, decline, cancel and resolution codes', response: { 200: CodeList } } },
    async (req) => listCodes(contextOf(req)),
  );
  app.post(
    '/homecare/providers',
    {
      schema: {
        tags,
        summary: 'Register an organisation as a home-care provider with the streets it serves',
        body: ProviderBody,
        response: { 201: ProviderView },
      },
    },
    async (req, reply) => reply.code(201).send(await registerProvider(contextOf(req), req.body)),
  );
  app.get(
    '/homecare/providers',
    {
      schema: {
        tags,
        summary: 'Providers, by street served and item offered',
        querystring: ProviderQuery,
        response: { 200: ProviderList },
      },
    },
    async (req) => listProviders(contextOf(req), req.query),
  );
  app.get(
    '/homecare/providers/:id',
    { schema: { tags, summary: 'A provider', params: IdParams, response: { 200: ProviderView } } },
    async (req) => getProvider(contextOf(req), req.params.id),
  );
  app.get(
    '/homecare/providers/:id/items',
    {
      schema: {
        tags,
        summary: "A provider's market items and prices (fen per unit)",
        params: IdParams,
        response: { 200: ProviderItemList },
      },
    },
    async (req) => providerItems(contextOf(req), req.params.id),
  );
  app.put(
    '/homecare/providers/:id/items',
    {
      schema: {
        tags,
        summary: "Set a provider's prices for catalogue items",
        params: IdParams,
        body: ProviderItemsBody,
        response: { 200: ProviderItemList },
      },
    },
    async (req) => setProviderItems(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/homecare/providers/:id/worker-accounts',
    {
      schema: {
        tags,
        summary: "Link a provider's worker to the caregiver login they use",
        params: IdParams,
        body: WorkerAccountBody,
        response: { 201: WorkerAccountView },
      },
    },
    async (req, reply) => reply.code(201).send(await linkWorkerAccount(contextOf(req), req.params.id, req.body)),
  );
  app.post(
    '/homecare/orders/quote',
    {
      schema: {
        tags,
        summary: 'The quote of an order before it is confirmed: price, subsidy (重阳分) and co-payment in fen',
        body: OrderBody,
        response: { 200: QuoteAnswer },
      },
    },
    async (req) => quoteOrder(contextOf(req), req.body),
  );
  app.post(
    '/homecare/orders',
    {
      schema: {
        tags,
        summary: 'Place an order (点单) for an elder at the quote shown',
        body: OrderBody,
        response: { 201: OrderView },
      },
    },
    async (req, reply) => reply.code(201).send(await placeOrder(contextOf(req), req.body)),
  );
  app.get(
    '/homecare/orders',
    {
      schema: {
        tags,
        summary: 'Orders in reach; overdue=true lists those unanswered past the accept SLA',
        querystring: OrderQuery,
        response: { 200: OrderList },
      },
    },
    async (req) => listOrders(contextOf(req), req.query),
  );
  app.get(
    '/homecare/orders/:id',
    { schema: { tags, summary: 'An order with its history', params: IdParams, response: { 200: OrderView } } },
    async (req) => getOrder(contextOf(req), req.params.id),
  );
  app.post(
    '/homecare/orders/:id/accept',
    { schema: { tags, summary: 'The provider accepts', params: IdParams, response: { 200: OrderView } } },
    async (req) => acceptOrder(contextOf(req), req.params.id),
  );
  app.post(
    '/homecare/orders/:id/decline',
    {
      schema: {
        tags,
        summary: 'The provider declines, with a reason code',
        params: IdParams,
        body: ReasonBody,
        response: { 200: OrderView },
      },
    },
    async (req) => declineOrder(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/homecare/orders/:id/assign',
    {
      schema: {
        tags,
        summary: "Assign (or reassign) one of the provider's workers",
        params: IdParams,
        body: AssignBody,
        response: { 200: OrderView },
      },
    },
    async (req) => assignOrder(contextOf(req), req.params.id, req.body),
  );
  app.get(
    '/homecare/orders/:id/proposals',
    {
      schema: {
        tags,
        summary: "The provider's workers ranked for the order: qualification, availability, continuity, distance, load",
        params: IdParams,
        response: { 200: ProposalList },
      },
    },
    async (req) => proposeWorkers(contextOf(req), req.params.id),
  );
  app.get(
    '/homecare/orders/:id/offers',
    {
      schema: {
        tags,
        summary: 'The offers made for an order, latest first',
        params: IdParams,
        response: { 200: OfferList },
      },
    },
    async (req) => orderOffers(contextOf(req), req.params.id),
  );
  app.post(
    '/homecare/orders/:id/offers',
    {
      schema: {
        tags,
        summary: "Offer the order to one of the provider's workers; the offer expires after the policy's minutes",
        params: IdParams,
        body: OfferBody,
        response: { 201: OfferView },
      },
    },
    async (req, reply) => reply.code(201).send(await offerOrder(contextOf(req), req.params.id, req.body)),
  );
  app.get(
    '/homecare/offers/mine',
    { schema: { tags, summary: "The caregiver's open offers", response: { 200: OfferList } } },
    async (req) => myOffers(contextOf(req)),
  );
  app.post(
    '/homecare/offers/:id/accept',
    {
      schema: {
        tags,
        summary: 'The caregiver takes the offer before it expires: the order is assigned to them',
        params: IdParams,
        response: { 200: OfferView },
      },
    },
    async (req) => answerOffer(contextOf(req), req.params.id, true),
  );
  app.post(
    '/homecare/offers/:id/decline',
    {
      schema: {
        tags,
        summary: 'The caregiver declines the offer (optional reason code)',
        params: IdParams,
        body: OfferAnswerBody,
        response: { 200: OfferView },
      },
    },
    async (req) => answerOffer(contextOf(req), req.params.id, false, req.body),
  );
  app.get(
    '/homecare/elders/:id/pin',
    {
      schema: {
        tags,
        summary: "Whether the elder's PIN (服务确认码) is set or locked; never the PIN",
        params: IdParams,
        response: { 200: PinStatus },
      },
    },
    async (req) => pinStatus(contextOf(req), req.params.id),
  );
  app.put(
    '/homecare/elders/:id/pin',
    {
      schema: {
        tags,
        summary: "Set the elder's PIN for confirming visits (family or community worker)",
        params: IdParams,
        body: PinBody,
        response: { 200: PinStatus },
      },
    },
    async (req) => setElderPin(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/homecare/sos',
    {
      schema: {
        tags,
        summary: "The caregiver's SOS: an alert to the provider's supervisor and the place's overseers",
        body: SosBody,
        response: { 201: SosView },
      },
    },
    async (req, reply) => reply.code(201).send(await raiseSos(contextOf(req), req.body)),
  );
  app.get(
    '/homecare/sos',
    {
      schema: {
        tags,
        summary: 'Worker SOS alerts in reach, open ones first',
        querystring: SosQuery,
        response: { 200: SosList },
      },
    },
    async (req) => listSos(contextOf(req), req.query),
  );
  app.post(
    '/homecare/sos/:id/acknowledge',
    { schema: { tags, summary: 'Acknowledge an SOS alert', params: IdParams, response: { 200: SosView } } },
    async (req) => answerSos(contextOf(req), req.params.id, 'acknowledge'),
  );
  app.post(
    '/homecare/sos/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Resolve an SOS alert with what was done',
        params: IdParams,
        body: SosResolveBody,
        response: { 200: SosView },
      },
    },
    async (req) => answerSos(contextOf(req), req.params.id, 'resolve', req.body),
  );
  app.post(
    '/homecare/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel before the visit starts, with a reason code (who and why are kept)',
        params: IdParams,
        body: ReasonBody,
        response: { 200: OrderView },
      },
    },
    async (req) => cancelOrder(contextOf(req), req.params.id, req.body),
  );
  app.get(
    '/homecare/visits/mine',
    {
      schema: {
        tags,
        summary: "The caregiver's visits of a day (today by default), in order",
        querystring: MineQuery,
        response: { 200: VisitList },
      },
    },
    async (req) => myVisits(contextOf(req), req.query),
  );
  app.get(
    '/homecare/visits',
    {
      schema: { tags, summary: 'Visits in reach, latest first', querystring: VisitQuery, response: { 200: VisitList } },
    },
    async (req) => listVisits(contextOf(req), req.query),
  );
  app.get(
    '/homecare/visits/:id',
    {
      schema: {
        tags,
        summary: 'A visit with its EVV record and exceptions',
        params: IdParams,
        response: { 200: VisitView },
      },
    },
    async (req) => getVisit(contextOf(req), req.params.id),
  );
  app.post(
    '/homecare/visits/:id/check-in',
    {
      schema: {
        tags,
        summary: 'Check in (position, accuracy, device time, client id; accepted once)',
        params: IdParams,
        body: CheckInBody,
        response: { 200: VisitView },
      },
    },
    async (req) => checkIn(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/homecare/visits/:id/check-out',
    {
      schema: {
        tags,
        summary: "Check out with the elder's confirmation, checklist and notes (accepted once)",
        params: IdParams,
        body: CheckOutBody,
        response: { 200: VisitView },
      },
    },
    async (req) => checkOut(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/homecare/visits/:id/exceptions/:exceptionId/resolve',
    {
      schema: {
        tags,
        summary: 'The provider resolves an exception with reason and resolution codes',
        params: ExceptionParams,
        body: ResolveBody,
        response: { 200: VisitView },
      },
    },
    async (req) => resolveException(contextOf(req), req.params, req.body),
  );
  app.post(
    '/homecare/visits/:id/rating',
    {
      schema: {
        tags,
        summary: 'The elder or family rates a verified visit once (1–5 stars, tags, comment)',
        params: IdParams,
        body: RatingBody,
        response: { 201: RatingView },
      },
    },
    async (req, reply) => reply.code(201).send(await rateVisit(contextOf(req), req.params.id, req.body)),
  );
  app.post(
    '/homecare/visits/:id/complaints',
    {
      schema: {
        tags,
        summary: 'The elder or family complains about a visit (投诉): a task of the provider with a deadline',
        params: IdParams,
        body: ComplaintBody,
        response: { 201: ComplaintView },
      },
    },
    async (req, reply) => reply.code(201).send(await fileComplaint(contextOf(req), req.params.id, req.body)),
  );
  app.get(
    '/homecare/complaints',
    {
      schema: {
        tags,
        summary: "Complaints in reach (the provider's tasks, the district's oversight); the complainant is never named",
        querystring: ComplaintQuery,
        response: { 200: ComplaintList },
      },
    },
    async (req) => listComplaints(contextOf(req), req.query),
  );
  app.post(
    '/homecare/complaints/:id/answer',
    {
      schema: {
        tags,
        summary: "The provider's staff answer a complaint",
        params: IdParams,
        body: AnswerBody,
        response: { 200: ComplaintView },
      },
    },
    async (req) => answerComplaint(contextOf(req), req.params.id, req.body),
  );
  app.get(
    '/homecare/providers/:id/settlement',
    {
      schema: {
        tags,
        summary:
          "A provider's month: visits verified by item, units, subsidy paid through the ledger, subsidy due, co-payments",
        params: IdParams,
        querystring: SettlementQuery,
        response: { 200: SettlementReport },
      },
    },
    async (req) => settlementReport(contextOf(req), req.params.id, req.query),
  );
  app.get(
    '/homecare/providers/:id/settlement.xlsx',
    {
      schema: {
        tags,
        summary: 'The settlement report of a month as an .xlsx (amounts in 元)',
        params: IdParams,
        querystring: SettlementQuery,
        response: {
          200: {
            description: 'The workbook',
            content: { [XLSX]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
          },
        },
      },
    },
    async (req, reply) => {
      const { file, report } = await exportSettlement(contextOf(req), req.params.id, req.query);
      const name = `settlement-${report.providerId}-${report.month}.xlsx`;
      return reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`结算-${report.providerName}-${report.month}.xlsx`)}`,
        )
        .send(file);
    },
  );
};
