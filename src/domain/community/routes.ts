// 社区项目 — family care beds, meal assistance, monthly visits, home adaptation.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const communityRoutes: FastifyPluginAsyncTypebox = async () => {};
