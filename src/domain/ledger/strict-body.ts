// Ledger bodies are taken as sent. The app's validator coerces types (query strings need it), so
// an amount of "1e3", true or [5] would pass as 1000, 1 or 5. Before validation, each value in a
// body whose JSON type its schema does not admit is refused with the same 400 a type error gets;
// everything else is left to the validator.
import type { FastifyRequest } from 'fastify';

interface Schema {
  type?: string | string[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

interface TypeIssue {
  keyword: 'type';
  instancePath: string;
  params: { type: string };
  message: string;
}

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v);

/** The JSON types a schema admits, or null when it does not say (enum, const, any). */
function admitted(schema: Schema): string[] | null {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type;
  if (!schema.anyOf) return null;
  const branches = schema.anyOf.map(admitted);
  return branches.some((b) => b === null) ? null : (branches.flat() as string[]);
}

export function typeIssues(schema: Schema, value: unknown, path = '', out: TypeIssue[] = []): TypeIssue[] {
  const types = admitted(schema);
  const actual = jsonType(value);
  if (types && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    const type = types.find((t) => t !== 'null') ?? types[0]!;
    out.push({ keyword: 'type', instancePath: path, params: { type }, message: `must be ${type}` });
    return out;
  }
  if (schema.properties && actual === 'object') {
    for (const [key, child] of Object.entries(schema.properties)) {
      if (Object.hasOwn(value as object, key)) typeIssues(child, (value as Record<string, unknown>)[key], `${path}/${key}`, out);
    }
  }
  if (schema.items && Array.isArray(value)) {
    for (const [i, v] of value.entries()) typeIssues(schema.items, v, `${path}/${i}`, out);
  }
  return out;
}

/** A preValidation hook: the body's values must have the types their schema names. */
export async function refuseCoercedBody(req: FastifyRequest): Promise<void> {
  const schema = req.routeOptions.schema?.body as Schema | undefined;
  if (!schema || req.body === undefined) return;
  const issues = typeIssues(schema, req.body);
  if (issues.length) throw Object.assign(new Error('body values of the wrong type'), { statusCode: 400, validation: issues, validationContext: 'body' });
}
