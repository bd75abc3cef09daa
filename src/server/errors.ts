// Turns every error into the catalogue's shape, in the caller's language.
import type { FastifyError, FastifyInstance } from 'fastify';
import { STATEMENT_TIMEOUT_SQLSTATE } from '../db/engine.js';
import { AppError, type ErrorCode, errorBody, type FieldError, type Lang } from '../lib/errors.js';
import { langOf } from './context.js';
import { nonFinitePath, oversizedInput } from './input-bounds.js';

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** JSON pointer `/contacts/0/phone` → `contacts[0].phone`, the field path users read. */
function fieldPath(issue: AjvIssue, context: string | undefined): string {
  const parts = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string')
    parts.push(issue.params.missingProperty);
  if (issue.keyword === 'additionalProperties' && typeof issue.params.additionalProperty === 'string')
    parts.push(issue.params.additionalProperty);
  const path = parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return path || context || 'body';
}

const TYPE_NAMES: Record<Lang, Record<string, string>> = {
  'zh-CN': { string: '文本', integer: '整数', number: '数字', boolean: '布尔值', array: '列表', object: '对象' },
  en: {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'an object',
  },
};

function toFieldError(issue: AjvIssue, context: string | undefined, lang: Lang): FieldError {
  const field = fieldPath(issue, context);
  const byKeyword: Record<string, ErrorCode> = {
    required: 'required',
    type: 'invalid_type',
    pattern: 'invalid_format',
    format: 'invalid_format',
    minLength: 'too_short',
    maxLength: 'too_long',
    minimum: 'out_of_range',
    maximum: 'out_of_range',
    exclusiveMinimum: 'out_of_range',
    exclusiveMaximum: 'out_of_range',
    minItems: 'out_of_range',
    maxItems: 'out_of_range',
    enum: 'not_allowed_value',
    const: 'not_allowed_value',
    anyOf: 'not_allowed_value',
    additionalProperties: 'unknown_field',
  };
  const code = byKeyword[issue.keyword] ?? 'invalid_format';
  const params: Record<string, string | number> = {};
  if (typeof issue.params.limit === 'number') params.limit = issue.params.limit;
  if (typeof issue.params.type === 'string') params.type = TYPE_NAMES[lang][issue.params.type] ?? issue.params.type;
  return { field, code, params };
}

export const MAX_REPORTED_PROBLEMS = 100;

/** The path of the first string holding a NUL byte (PostgreSQL text cannot store one), if any. */
export function nulBytePath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const found = nulBytePath(
      child,
      Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
      depth + 1,
    );
    if (found) return found;
  }
  return null;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    // First, before anything walks a body that may hold a million items.
    const over = oversizedInput(req.routeOptions.schema?.body, req.body, MAX_REPORTED_PROBLEMS);
    if (over) {
      const code = over.unknownFields ? 'unknown_field' : 'out_of_range';
      throw new AppError(code, { field: over.field, limit: over.limit }, over.field, [
        { field: over.field, code, params: { limit: over.limit } },
      ]);
    }
    for (const [part, value] of [
      ['query', req.query],
      ['params', req.params],
      ['body', req.body],
    ] as const) {
      const field = nulBytePath(value, '');
      if (field !== null) throw new AppError('invalid_format', { field: field || part }, field || part);
    }
  });
  app.addHook('preHandler', async (req) => {
    for (const [part, value] of [
      ['query', req.query],
      ['params', req.params],
      ['body', req.body],
    ] as const) {
      const field = nonFinitePath(value);
      if (field !== null)
        throw new AppError('out_of_range', { field: field || part }, field || part, [
          { field: field || part, code: 'out_of_range' },
        ]);
    }
  });
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const lang = langOf(req);
    if (err instanceof AppError) {
      return reply.status(err.status).send(errorBody(err, lang));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      // At most the first 100 problems: a body of 100,000 bad items gets a short answer.
      const problems = (fe.validation as unknown as AjvIssue[])
        .slice(0, MAX_REPORTED_PROBLEMS)
        .map((i) => toFieldError(i, fe.validationContext, lang));
      const first = problems[0]!;
      const appErr = new AppError(first.code, { field: first.field, ...first.params }, first.field, problems);
      return reply.status(400).send(errorBody(appErr, lang));
    }
    // SQLSTATE class 22 (data exception): a value the schema let through but the database refuses
    // (a number past int8, a NUL byte, an impossible date) is the caller's bad input, not a crash.
    if (
      typeof (err as { code?: unknown }).code === 'string' &&
      /^22[0-9A-Z]{3}$/.test((err as { code: string }).code)
    ) {
      return reply
        .status(400)
        .send(errorBody(new AppError('validation_failed', { detail: (err as Error).message }), lang));
    }
    // statement_timeout (SQLSTATE 57014): a request that ran too long is stopped, not left to hang.
    if ((err as { code?: unknown }).code === STATEMENT_TIMEOUT_SQLSTATE) {
      req.log.warn({ err }, 'statement timeout');
      return reply.status(503).send(errorBody(new AppError('statement_timeout'), lang));
    }
    if (fe.statusCode === 429) return reply.status(429).send(errorBody(new AppError('too_many_requests'), lang));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const appErr = new AppError('validation_failed', { detail: fe.message });
      return reply.status(fe.statusCode).send({ ...errorBody(appErr, lang), statusCode: fe.statusCode });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody(new AppError('internal'), lang));
  });
  app.setNotFoundHandler((req, reply) => {
    reply
      .status(404)
      .send(
        errorBody(new AppError('route_not_found', { method: req.method, url: req.url.split('?')[0]! }), langOf(req)),
      );
  });
}
