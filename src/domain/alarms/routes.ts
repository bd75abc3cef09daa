// 一键呼救与智能监测 — devices over MQTT, events, incidents, the call centre.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../lib/errors.js';
import { fileAnswer } from '../../lib/file-answer.js';
import { contextOf } from '../../server/context.js';
import { ALARM_OPERATORS } from '../identity/permissions.js';
import { brokerHealth } from './broker.js';
import { getDevice, listDevices, registerDevice, rotateCredentials, updateDevice } from './devices.js';
import {
  acknowledgeIncident,
  actOnIncident,
  closeIncident,
  getIncident,
  ingestCounters,
  listIncidents,
  resolveIncident,
} from './incidents.js';
import { IncidentFeed } from './live.js';
import {
  AckBody,
  ActionBody,
  CloseBody,
  DeviceCreateBody,
  DeviceCreated,
  DeviceList,
  DeviceQuery,
  DeviceUpdateBody,
  DeviceView,
  IdParams,
  IncidentDetail,
  IncidentList,
  IncidentQuery,
  IngestionStats,
  MqttCredentials,
  ResolveBody,
} from './schemas.js';

export const alarmsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['alarms'];
  const feed = new IncidentFeed(app.ctx.database);
  app.addHook('onClose', () => feed.stop());

  // `/devices` is the short name the device installers' tools use; both register the same way.
  for (const url of ['/alarms/devices', '/devices'])
    app.post(
      url,
      {
        schema: {
          tags,
          summary: 'Register a device for an elder; answers its MQTT credentials once',
          body: DeviceCreateBody,
          response: { 201: DeviceCreated },
        },
      },
      async (req, reply) => reply.status(201).send(await registerDevice(contextOf(req), req.body)),
    );
  app.get(
    '/alarms/devices',
    { schema: { tags, summary: 'Devices within reach', querystring: DeviceQuery, response: { 200: DeviceList } } },
    async (req) => listDevices(contextOf(req), req.query),
  );
  app.get(
    '/alarms/devices/:id',
    { schema: { tags, summary: 'One device', params: IdParams, response: { 200: DeviceView } } },
    async (req) => getDevice(contextOf(req), req.params.id),
  );
  app.patch(
    '/alarms/devices/:id',
    {
      schema: {
        tags,
        summary: 'Change SIM, address, firmware or status (retire)',
        params: IdParams,
        body: DeviceUpdateBody,
        response: { 200: DeviceView },
      },
    },
    async (req) => updateDevice(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/alarms/devices/:id/credentials',
    {
      schema: {
        tags,
        summary: 'Issue a new MQTT secret for the device',
        params: IdParams,
        response: { 200: MqttCredentials },
      },
    },
    async (req) => rotateCredentials(contextOf(req), req.params.id),
  );

  app.get(
    '/alarms/incidents',
    {
      schema: {
        tags,
        summary: 'The queue: open incidents by priority and age, then the rest',
        querystring: IncidentQuery,
        response: { 200: IncidentList },
      },
    },
    async (req) => listIncidents(contextOf(req), req.query),
  );
  app.get(
    '/alarms/incidents/:id',
    {
      schema: {
        tags,
        summary: "One incident with its timeline and the elder's card",
        params: IdParams,
        response: { 200: IncidentDetail },
      },
    },
    async (req) => getIncident(contextOf(req), req.params.id),
  );
  for (const [step, body, fn, summary] of [
    ['acknowledge', AckBody, acknowledgeIncident, 'Take the call (stops the escalation)'],
    ['actions', ActionBody, actOnIncident, 'Record what was done: call back, family, staff, 120'],
    ['resolve', ResolveBody, resolveIncident, 'Resolved, with the disposition'],
    ['close', CloseBody, closeIncident, 'Closed, with the closure code'],
  ] as const) {
    app.post(
      `/alarms/incidents/:id/${step}`,
      { schema: { tags, summary, params: IdParams, body, response: { 200: IncidentDetail } } },
      // biome-ignore lint/suspicious/noExplicitAny: each body matches its own use case
      async (req) => (fn as any)(contextOf(req), req.params.id, req.body ?? {}),
    );
  }
  app.get(
    '/alarms/ingestion',
    { schema: { tags, summary: 'Broker state and ingestion counters', response: { 200: IngestionStats } } },
    async (req) => {
      const ctx = contextOf(req);
      if (ctx.reach.places(ALARM_OPERATORS).none) throw new AppError('not_found');
      const counters = await ingestCounters(ctx.db);
      const byReason: Record<string, number> = {};
      let rejected = 0;
      for (const [k, v] of Object.entries(counters))
        if (k.startsWith('rejected:')) {
          byReason[k.slice(9)] = v;
          rejected += v;
        }
      return { broker: brokerHealth(), received: counters.received ?? 0, rejected, byReason };
    },
  );

  app.get(
    '/alarms/stream',
    {
      schema: {
        tags,
        summary: 'Server-sent events: incidents of your reach as they change',
        response: {
          200: fileAnswer('text/event-stream', '`event: incident` lines with the incident as JSON, and pings'),
        },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const scope = ctx.reach.places(ALARM_OPERATORS);
      if (scope.none) throw new AppError('not_found');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const unsubscribe = await feed.subscribe((n) => {
        if (scope.covers(n.communityCode)) res.write(`event: incident\ndata: ${JSON.stringify(n)}\n\n`);
      });
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      ping.unref();
      req.raw.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
    },
  );
};
