// 一键呼救与智能监测 — devices over MQTT, events, incidents, the call centre.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const alarmsRoutes: FastifyPluginAsyncTypebox = async () => {};
