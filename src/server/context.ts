// What every route handler can reach: the database, the configuration and the caller.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/engine.js';
import type { Actor } from '../domain/identity/access.js';
import { AppError, langFrom, type Lang } from '../lib/errors.js';

export interface AppContext {
  database: Database;
  config: Config;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
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

export function langOf(req: FastifyRequest): Lang {
  return langFrom(req.headers['accept-language']);
}
