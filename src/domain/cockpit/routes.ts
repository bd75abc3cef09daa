// 数据驾驶舱与养老地图 — KPIs against targets, coverage, the map.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const cockpitRoutes: FastifyPluginAsyncTypebox = async () => {};
