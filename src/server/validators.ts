// Request validation with two validators: bodies are JSON and are taken as sent (an amount of
// "1e3", true or [5] is refused, not coerced), while query strings, path parameters and headers
// arrive as text and are coerced to the types their schemas name (and single values to arrays).
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import fastUri from 'fast-uri';
import type { FastifySchemaCompiler } from 'fastify';

function validator(coerceTypes: Options['coerceTypes']): Ajv {
  // Fastify's own defaults, but every problem reported (bounded to 100 by the error handler, and
  // every list and map has a bound before validation) and unknown fields kept for the 400.
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    uriResolver: fastUri,
    addUsedSchema: false,
  });
  addFormats.default(ajv);
  return ajv;
}

export function requestValidators(): FastifySchemaCompiler<unknown> {
  const body = validator(false);
  const text = validator('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object);
}
