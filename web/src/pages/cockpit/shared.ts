// Shared bits of the cockpit pages: the role set, data loading and the status vocabulary.
import { useCallback, useEffect, useState } from 'react';
import type { KpiStatus } from '../../../../src/domain/cockpit/schemas.ts';
import { COCKPIT_READERS } from '../../../../src/domain/identity/permissions.ts';
import { ApiError, api, type QueryValue } from '../../api.ts';

export const COCKPIT_PAGE_ROLES = COCKPIT_READERS;

export function useLoad<T>(path: string | null, query?: Record<string, QueryValue>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query ?? {});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query is compared by its JSON key
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    setError(null);
    api<T>(path, { query, signal: controller.signal }).then(
      (d) => setData(d),
      (err) => !controller.signal.aborted && setError(err instanceof ApiError ? err.message : String(err)),
    );
    return () => controller.abort();
  }, [path, key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}

export const STATUS: Record<KpiStatus, { color: string; zh: string; en: string }> = {
  met: { color: 'green', zh: '已达标', en: 'Met' },
  on_track: { color: 'blue', zh: '按计划推进', en: 'On track' },
  behind: { color: 'red', zh: '滞后预警', en: 'Behind' },
  no_data: { color: 'default', zh: '暂无数据', en: 'No data' },
};

export const fmtValue = (v: number | null, unit: string) => (v == null ? '—' : `${v.toLocaleString()} ${unit}`);
