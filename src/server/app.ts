// Assembles the Fastify application: security headers, auth, errors, OpenAPI, routes, web app.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { brokerHealth } from '../domain/alarms/broker.js';
import { alarmsRoutes } from '../domain/alarms/routes.js';
import { assessmentRoutes } from '../domain/assessment/routes.js';
import { cockpitRoutes } from '../domain/cockpit/routes.js';
import { communityRoutes } from '../domain/community/routes.js';
import { elderRecordRoutes } from '../domain/elder-record/routes.js';
import { elderFileRoutes } from '../domain/elders/file-routes.js';
import { elderRoutes } from '../domain/elders/routes.js';
import { homecareRoutes } from '../domain/homecare/routes.js';
import { identityRoutes, SESSION_COOKIE } from '../domain/identity/routes.js';
import { ActorCache } from '../domain/identity/session-cache.js';
import { userRoutes } from '../domain/identity/users-routes.js';
import { institutionRoutes } from '../domain/institutions/routes.js';
import { jurisdictionRoutes } from '../domain/jurisdictions/routes.js';
import { ledgerRoutes } from '../domain/ledger/routes.js';
import { policyRoutes } from '../domain/policy/routes.js';
import { subsidyRoutes } from '../domain/subsidies/routes.js';
import { workforceRoutes } from '../domain/workforce/routes.js';
import { AppError } from '../lib/errors.js';
import type { AppContext } from './context.js';
import { installErrorHandler } from './errors.js';
import { installSecurityHeaders } from './security-headers.js';
import { requestValidators } from './validators.js';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface BuildOptions {
  logger?: boolean;
  /** Serve the built web app when it exists (off in API tests). */
  serveWeb?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: ctx.config.logLevel } : false,
    trustProxy: ctx.config.trustProxy.length ? ctx.config.trustProxy : false,
    bodyLimit: 20 * 1024 * 1024,
    // Unique across processes and restarts (audit entries carry it); never taken from the client.
    genReqId: () => randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(requestValidators());
  app.decorate('ctx', ctx);
  const actors = new ActorCache(ctx.database);
  await actors.start();
  app.decorate('actors', actors);
  app.addHook('onClose', () => actors.stop());
  app.decorateRequest('actor', null);
  installErrorHandler(app);

  await installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Yiyang 颐养 API',
        version: '0.1.0',
        description: '智慧养老服务平台 — smart elderly-care service platform',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // API answers carry personal data: never kept by a browser or proxy cache.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store').header('x-request-id', req.id);
    // The trigger's notice reaches this process a moment after commit; the caller's next request
    // must not come sooner, so a change to sessions, users or grants made here drops the cache now.
    if (!SAFE_METHODS.has(req.method) && reply.statusCode < 400 && /^\/api\/v1\/(auth|users)\//.test(req.url))
      actors.clear();
    done(null, payload);
  });

  // Every /api route needs a session unless it says it is public.
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : req.cookies[SESSION_COOKIE];
    if (token) req.actor = await actors.actorFor(token, req.ip);
    if (req.actor) req.actor.requestId = req.id;
    // CSRF: a state-changing request carried by the session cookie must come from our own origin.
    if (
      req.actor &&
      !header?.startsWith('Bearer ') &&
      !SAFE_METHODS.has(req.method) &&
      !sameOrigin(req.headers.origin, req.headers.host)
    ) {
      throw new AppError('cross_origin_refused');
    }
    if (req.url.startsWith('/api/') && !req.routeOptions.config?.public && !req.actor)
      throw new AppError('unauthenticated');
  });

  await app.register(
    async (api) => {
      api.get(
        '/health',
        {
          config: { public: true },
          schema: {
            tags: ['system'],
            response: {
              200: Type.Object({
                status: Type.Literal('ok'),
                database: Type.Union([Type.Literal('pglite'), Type.Literal('postgresql')]),
                broker: Type.Optional(
                  Type.String({ description: 'MQTT ingestion of this process, when it runs one (alarms/broker.ts)' }),
                ),
              }),
            },
          },
        },
        async () => {
          const broker = brokerHealth();
          return { status: 'ok' as const, database: ctx.database.engine, ...(broker === 'off' ? {} : { broker }) };
        },
      );
      await api.register(identityRoutes);
      await api.register(userRoutes);
      await api.register(jurisdictionRoutes);
      await api.register(elderRoutes);
      await api.register(institutionRoutes);
      await api.register(workforceRoutes);
      await api.register(elderFileRoutes);
      await api.register(assessmentRoutes);
      await api.register(policyRoutes);
      await api.register(ledgerRoutes);
      await api.register(subsidyRoutes);
      await api.register(homecareRoutes);
      await api.register(communityRoutes);
      await api.register(alarmsRoutes);
      await api.register(cockpitRoutes);
      await api.register(elderRecordRoutes);
    },
    { prefix: '/api/v1' },
  );

  if (options.serveWeb && existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false });
    // Client-side routes: any other GET outside /api and /docs gets the app's index page.
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith('/api/') || req.url.startsWith('/docs'))
        throw new AppError('route_not_found', { method: req.method, url: req.url });
      return reply.sendFile('index.html');
    });
  }
  return app;
}
