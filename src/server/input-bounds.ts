// Checks the schema validator cannot make quickly or at all: a list or map far over its bound is
// refused before validation (the validator reports every problem of every item, so 100,000 bad
// items would cost seconds and gigabytes), and a number the validator coerced to ±Infinity
// ("1e309", "Infinity") is refused after it (the validator skips its range checks on those).

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  maxItems?: number;
  maxProperties?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** An input over a bound: the field path users read (`records[3].adlItems`) and the limit. */
export interface Oversized {
  field: string;
  limit: number;
  /** Too many fields the schema does not know, rather than too many items. */
  unknownFields?: boolean;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function kindOf(value: unknown): 'array' | 'object' | 'other' {
  return Array.isArray(value) ? 'array' : value !== null && typeof value === 'object' ? 'object' : 'other';
}

function admits(schema: JsonSchema, kind: 'array' | 'object'): boolean {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes(kind) || (kind === 'object' && types.length === 0 && schema.properties !== undefined);
}

/**
 * The first list or map in `value` longer than its schema allows; unknown fields beyond
 * `unknownAllowance` in a closed object count too (each would be one more reported problem).
 */
export function oversizedInput(schema: unknown, value: unknown, unknownAllowance: number, path = ''): Oversized | null {
  if (!schema || typeof schema !== 'object') return null;
  const s = schema as JsonSchema;
  const kind = kindOf(value);
  if (kind === 'other') return null;
  for (const sub of s.allOf ?? []) {
    const found = oversizedInput(sub, value, unknownAllowance, path);
    if (found) return found;
  }
  // In a union only an unambiguous branch is followed: another branch might accept the value.
  const branches = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].filter((b) => admits(b, kind));
  if (branches.length === 1) {
    const found = oversizedInput(branches[0], value, unknownAllowance, path);
    if (found) return found;
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) return { field: path || 'body', limit: s.maxItems };
    if (s.items && !Array.isArray(s.items)) {
      for (let i = 0; i < value.length; i++) {
        const found = oversizedInput(s.items, value[i], unknownAllowance, `${path}[${i}]`);
        if (found) return found;
      }
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  const known = s.properties ?? {};
  const closed = s.additionalProperties === false && !s.patternProperties;
  // Counted with early exits: a million keys are refused without listing them all.
  let count = 0;
  let unknown = 0;
  let firstUnknown = '';
  for (const key in record) {
    if (s.maxProperties !== undefined && ++count > s.maxProperties)
      return { field: path || 'body', limit: s.maxProperties };
    if (closed && !Object.hasOwn(known, key)) {
      if (unknown === 0) firstUnknown = key;
      if (++unknown > unknownAllowance)
        return { field: join(path, firstUnknown), limit: unknownAllowance, unknownFields: true };
    }
  }
  for (const [key, sub] of Object.entries(known)) {
    const found = Object.hasOwn(record, key)
      ? oversizedInput(sub, record[key], unknownAllowance, join(path, key))
      : null;
    if (found) return found;
  }
  const open =
    Object.values(s.patternProperties ?? {})[0] ??
    (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
  if (!open) return null;
  for (const key in record) {
    const found = Object.hasOwn(known, key)
      ? null
      : oversizedInput(open, record[key], unknownAllowance, join(path, key));
    if (found) return found;
  }
  return null;
}

/** The path of the first number that is not finite, if any (`''` for the value itself). */
export function nonFinitePath(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (depth > 32 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return null;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFinitePath(child, Array.isArray(value) ? `${path}[${key}]` : join(path, key), depth + 1);
    if (found !== null) return found;
  }
  return null;
}
