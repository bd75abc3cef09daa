// Checking a caller's facts against a rule's fact schema, naming the first fact that is missing,
// unknown or of the wrong kind (the 400 says which, and what was expected).
import type { TObject, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { AppError } from '../../lib/errors.js';
import type { RuleDefinition } from './rules/types.js';

/** What a fact schema expects, in words a caller can act on (zh / en share the technical part). */
export function expectedOf(schema: TSchema | undefined): string {
  const s = (schema ?? {}) as Record<string, unknown>;
  const desc = typeof s.description === 'string' ? ` — ${s.description}` : '';
  if (Array.isArray(s.enum)) return `one of ${(s.enum as unknown[]).join(' | ')}`;
  if (s.type === 'integer')
    return `integer${s.minimum !== undefined ? ` ${s.minimum}–${s.maximum ?? '∞'}` : ''}${desc}`;
  if (s.type === 'boolean') return `boolean (true/false)${desc}`;
  if (s.type === 'array') return `array of ${expectedOf(s.items as TSchema)}`;
  if (s.type === 'string') return `string${s.pattern ? ` ${String(s.description ?? s.pattern)}` : desc}`;
  return String(s.type ?? 'value');
}

export function checkFacts(def: RuleDefinition, facts: unknown): Record<string, unknown> {
  const schema = def.facts as TObject;
  const props = schema.properties as Record<string, TSchema>;
  if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) {
    throw new AppError('policy_fact_invalid', { fact: 'facts', expected: 'an object' }, 'facts');
  }
  const errors = Value.Errors(schema, facts);
  const missing = errors.find((e) => e.keyword === 'required');
  if (missing) {
    const name = (missing.params as { requiredProperties: string[] }).requiredProperties[0]!;
    throw new AppError(
      'policy_fact_missing',
      { rule: def.id, fact: name, expected: expectedOf(props[name]) },
      `facts.${name}`,
    );
  }
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  if (unknown) {
    const name = (unknown.params as { additionalProperties: string[] }).additionalProperties[0]!;
    throw new AppError('policy_fact_unknown', { rule: def.id, fact: name }, `facts.${name}`);
  }
  const wrong = errors.find((e) => e.instancePath);
  if (wrong) {
    const name = wrong.instancePath.split('/')[1]!;
    throw new AppError('policy_fact_invalid', { fact: name, expected: expectedOf(props[name]) }, `facts.${name}`);
  }
  return facts as Record<string, unknown>;
}
