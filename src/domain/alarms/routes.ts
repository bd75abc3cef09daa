// 一键呼救与智能监测 — devices over MQTT, events, incidents, the call centre.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { contextOf } from '../../server/context.js';
import { getDevice, listDevices, registerDevice, rotateCredentials, updateDevice } from './devices.js';
import {
  DeviceCreateBody,
  DeviceCreated,
  DeviceList,
  DeviceQuery,
  DeviceUpdateBody,
  DeviceView,
  IdParams,
  MqttCredentials,
} from './schemas.js';

export const alarmsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['alarms'];

  app.post(
    '/alarms/devices',
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
};
