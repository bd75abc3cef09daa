// What every route handler can reach: the database, the configuration and the caller.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/engine.js';
import type { Actor } from '../domain/identity/access.js';
import { makeContext, parsePurpose, type UseCaseContext } from '../domain/identity/context.js';
import type { ActorCache } from '../domain/identity/session-cache.js';
import { AppError, type Lang } from '../lib/errors.js';

export interface AppContext {
  database: Database;
  config: Config;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** Who a session token belongs to, cached per process (identity/session-cache.ts). */
    actors: ActorCache;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a session (health, login, docs). */
    public?: boolean;
  }
}

/** The authenticated caller; the auth hook has already refused anonymous calls to private routes. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}

/** The caller's language: the one Accept-Language prefers (see preferredLang). */
export function langOf(req: FastifyRequest): Lang {
  return preferredLang(req.headers['accept-language']);
}

/**
 * Of the languages we answer in, the one an Accept-Language header gives the highest q-value
 * (the earlier one on a tie); Chinese when it names neither, or refuses both with q=0.
 */
export function preferredLang(header: string | undefined): Lang {
  let best: Lang = 'zh-CN';
  let bestQ = 0;
  for (const range of (header ?? '').split(',')) {
    const [tag = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!(q > 0 && q <= 1)) continue;
    const lang = langOfTag(tag);
    if (lang && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}

/** `zh-TW`, `zh-HK` and `*` get zh-CN: it is our only Chinese and our default. */
function langOfTag(tag: string): Lang | null {
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  if (tag === 'zh' || tag.startsWith('zh-') || tag === '*') return 'zh-CN';
  return null;
}

/**
 * The use-case context of this request (identity/context.ts): built once, on first use, from the
 * caller, the X-Purpose header (or a `purpose` query/form field), the language and the request id.
 */
export function contextOf(req: FastifyRequest): UseCaseContext {
  const cached = contexts.get(req);
  if (cached) return cached;
  const fallback = (req.query as { purpose?: unknown } | undefined)?.purpose;
  const ctx = makeContext({
    db: req.server.ctx.database.db,
    actor: actorOf(req),
    purpose: parsePurpose(req.headers['x-purpose'], typeof fallback === 'string' ? fallback : null),
    lang: langOf(req),
    requestId: req.id,
    ip: req.ip,
  });
  contexts.set(req, ctx);
  return ctx;
}

const contexts = new WeakMap<FastifyRequest, UseCaseContext>();
