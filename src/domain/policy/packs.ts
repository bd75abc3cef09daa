// Reads policy packs from disk and checks them completely before anything is recorded: the file
// shape, the rule ids, each parameter's schema and unit, sources, and non-overlapping versions.
// A pack with any problem is refused as a whole, with every problem listed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from 'typebox/value';
import { isIsoDate } from '../../lib/dates.js';
import {
  PackFile,
  type PackFileValue,
  type ResolvedSource,
  type SourceRefValue,
  type StoredParameter,
  type VersionRecord,
} from './pack-schema.js';
import { ruleById } from './rules/index.js';

export const POLICIES_DIR = fileURLToPath(new URL('../../../policies/', import.meta.url));

export class PolicyPackError extends Error {
  constructor(readonly problems: string[]) {
    super(`policy packs refused:\n  ${problems.join('\n  ')}`);
  }
}

/** JSON with keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function schemaProblems(file: string, raw: unknown): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of Value.Errors(PackFile, raw)) {
    // Unions report one error per branch; one line per place is enough to act on.
    const where = e.instancePath || '/';
    if (seen.has(where)) continue;
    seen.add(where);
    out.push(`${file}${where}: ${e.message}`);
  }
  return out;
}

function resolveSource(pack: PackFileValue, ref: SourceRefValue, where: string, problems: string[]): ResolvedSource {
  if ('operatorSet' in ref) return { kind: 'operatorSet', note: ref.note };
  const doc = pack.sources[ref.seed];
  if (!doc) problems.push(`${where}: source "${ref.seed}" is not listed in the pack's sources`);
  return {
    kind: 'seed',
    seed: ref.seed,
    section: ref.section,
    quote: ref.quote,
    ...(doc ?? { file: '?', title: '?', issuer: '?', status: 'draft' as const }),
  };
}

/** Checks one parsed pack file and turns it into version records (problems are appended). */
export function packVersions(raw: unknown, file: string, problems: string[]): VersionRecord[] {
  const shape = schemaProblems(file, raw);
  if (shape.length) {
    problems.push(...shape);
    return [];
  }
  const pack = raw as PackFileValue;
  if (!basename(file).startsWith(pack.jurisdictionCode))
    problems.push(`${file}: the file name must start with its jurisdiction code ${pack.jurisdictionCode}`);
  const records: VersionRecord[] = [];
  for (const [ruleId, rule] of Object.entries(pack.rules)) {
    const def = ruleById(ruleId);
    if (!def) {
      problems.push(`${file}: unknown rule "${ruleId}"`);
      continue;
    }
    const versions = [...rule.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    const numbers = versions.map((v) => v.version);
    if (new Set(numbers).size !== numbers.length) problems.push(`${file}: ${ruleId}: a version number is used twice`);
    versions.forEach((v, i) => {
      const where = `${file}: ${ruleId} v${v.version}`;
      if (!isIsoDate(v.effectiveFrom) || (v.effectiveTo && !isIsoDate(v.effectiveTo)))
        problems.push(`${where}: effective dates must be real dates`);
      if (v.effectiveTo && v.effectiveTo < v.effectiveFrom)
        problems.push(`${where}: effectiveTo is before effectiveFrom`);
      const next = versions[i + 1];
      if (next && (!v.effectiveTo || v.effectiveTo >= next.effectiveFrom))
        problems.push(`${where}: overlaps v${next.version} (one version in force per day)`);
      if (next && next.version <= v.version) problems.push(`${where}: a later version must have a higher number`);
      const parameters: Record<string, StoredParameter> = {};
      for (const [name, spec] of Object.entries(def.parameters)) {
        const entry = v.parameters[name];
        if (!entry) {
          problems.push(`${where}: parameter "${name}" is missing`);
          continue;
        }
        if (entry.unit !== spec.unit)
          problems.push(`${where}: parameter "${name}" has unit ${entry.unit}, the rule expects ${spec.unit}`);
        const first = Value.Errors(spec.schema, entry.value)[0];
        if (first) problems.push(`${where}: parameter "${name}"${first.instancePath} ${first.message}`);
        parameters[name] = {
          value: entry.value,
          unit: entry.unit,
          source: resolveSource(pack, entry.source, `${where} ${name}`, problems),
        };
      }
      for (const name of Object.keys(v.parameters))
        if (!(name in def.parameters)) problems.push(`${where}: unknown parameter "${name}"`);
      const values = Object.fromEntries(Object.entries(parameters).map(([k, p]) => [k, p.value]));
      if (
        Object.keys(parameters).length === Object.keys(def.parameters).length &&
        !problems.some((p) => p.startsWith(where))
      ) {
        for (const p of def.check?.(values as never) ?? []) problems.push(`${where}: ${p}`);
      }
      const content = {
        packName: pack.name,
        ruleTitle: def.title,
        document: resolveSource(pack, v.source, `${where} source`, problems),
        dateSource: resolveSource(pack, v.dateSource, `${where} dateSource`, problems),
        note: v.note ?? null,
        parameters,
      };
      const effectiveTo = v.effectiveTo ?? null;
      const contentHash = createHash('sha256')
        .update(canonicalJson({ effectiveFrom: v.effectiveFrom, effectiveTo, content }))
        .digest('hex');
      records.push({
        jurisdictionCode: pack.jurisdictionCode,
        rule: ruleId,
        version: v.version,
        effectiveFrom: v.effectiveFrom,
        effectiveTo,
        packFile: basename(file),
        content,
        contentHash,
      });
    });
  }
  return records;
}

/** Every version of every pack in `dir`; throws PolicyPackError listing all problems. */
export function loadPackDir(dir = POLICIES_DIR): VersionRecord[] {
  const problems: string[] = [];
  const records: VersionRecord[] = [];
  const owners = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const found = packVersions(raw, file, problems);
    const code = found[0]?.jurisdictionCode;
    if (code && owners.has(code))
      problems.push(`${file}: jurisdiction ${code} already has a pack (${owners.get(code)})`);
    if (code) owners.set(code, file);
    records.push(...found);
  }
  if (problems.length) throw new PolicyPackError(problems);
  return records;
}
