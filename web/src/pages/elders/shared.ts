// What the elder pages share: the server's own types and pure rules (imported from src/, so the
// form checks exactly what the API checks) and the flag labels.
import { useEffect, useState } from 'react';
import type { FlagList } from '../../../../src/domain/elders/schemas.ts';
import { api } from '../../api.ts';

export type { ElderDetail, ElderSummary, FlagView } from '../../../../src/domain/elders/service.ts';
export { checkElder, type ElderDraft } from '../../../../src/domain/elders/validate.ts';
export { parseCitizenId } from '../../../../src/lib/citizen-id.ts';
export { ageOn, todayInShanghai } from '../../../../src/lib/dates.ts';
export { message as ruleMessage } from '../../../../src/lib/errors.ts';

/**
 * The server's default MIN_ELDER_AGE. A deployment may configure another value; the server still
 * decides, and its answer lands on the same field.
 */
export const MIN_ELDER_AGE = 60;

export type FlagInfo = FlagList[number];

let flagsPromise: Promise<FlagInfo[]> | null = null;

/** GET /elders/flags once per page load: the labels never change while the app runs. */
export function useFlags(): FlagInfo[] {
  const [flags, setFlags] = useState<FlagInfo[]>([]);
  useEffect(() => {
    flagsPromise ??= api<FlagInfo[]>('/elders/flags').catch((err) => {
      flagsPromise = null;
      throw err;
    });
    let live = true;
    flagsPromise.then((f) => live && setFlags(f)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return flags;
}

export const STATUS_COLORS: Record<string, string> = { active: 'green', deceased: 'default', moved_away: 'orange' };
