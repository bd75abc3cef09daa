// What the institution and waiting-list pages share: the roles that open each page, a small loader
// hook and this folder's words (the shared dictionary is not ours to grow). Types come from the server's schemas.
import { useCallback, useEffect, useState } from 'react';
import {
  FAMILY_ROLES,
  INSTITUTION_OFFICERS,
  INSTITUTION_READERS,
  WAITLIST_BUREAU_ROLES,
} from '../../../../src/domain/identity/permissions.ts';
import type { Role } from '../../../../src/domain/identity/roles.ts';
import type { Vocabulary } from '../../../../src/domain/institutions/schemas.ts';
import { ApiError, api } from '../../api.ts';

export { FAMILY_ROLES, WAITLIST_BUREAU_ROLES };
export const OFFICERS = INSTITUTION_OFFICERS;
/** The institutions pages: officers and the institution's own people. */
export const INSTITUTION_PAGE_ROLES: readonly Role[] = [...INSTITUTION_OFFICERS, ...INSTITUTION_READERS];
/** The bureau's waiting list: whoever files applications for elders in their area. */
export const APPLICATION_READERS: readonly Role[] = [...WAITLIST_BUREAU_ROLES, 'assessor', ...FAMILY_ROLES];

let vocabulary: Promise<Vocabulary> | null = null;
export function useVocabulary(): Vocabulary | null {
  const [v, setV] = useState<Vocabulary | null>(null);
  useEffect(() => {
    vocabulary ??= api<Vocabulary>('/institutions/vocabulary').catch((err) => {
      vocabulary = null;
      throw err;
    });
    let live = true;
    vocabulary.then((x) => live && setV(x)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return v;
}

/** GETs a path; `reload` fetches again after a change. */
export function useLoad<T>(path: string | null, query?: Record<string, string | number | undefined>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query ?? {});
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    api<T>(path, { query, signal: controller.signal }).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (err) => !controller.signal.aborted && setError(err instanceof ApiError ? err.message : String(err)),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}

export const pct = (share: number | null | undefined) => (share == null ? '—' : `${Math.round(share * 1000) / 10}%`);
export const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export const BED_COLORS: Record<string, string> = {
  free: '#52c41a',
  occupied: '#1f6f5c',
  reserved: '#faad14',
  out_of_service: '#bfbfbf',
};
export const APPLICATION_COLORS: Record<string, string> = {
  waiting: 'blue',
  offered: 'gold',
  accepted: 'green',
  admitted: 'default',
  withdrawn: 'default',
};
