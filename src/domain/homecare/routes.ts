// 在宅服务 — home and community care: catalogue, orders, dispatch, verified visits (EVV), settlement.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const homecareRoutes: FastifyPluginAsyncTypebox = async () => {};
