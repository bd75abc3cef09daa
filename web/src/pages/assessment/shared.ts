// The pages' own words in both languages (kept here rather than in the app-wide dictionary, which
// belongs to the shell) and small helpers. Types come from the server's schemas, so the pages and
// the API never disagree.
import { useEffect, useState } from 'react';
import type { RiskKind } from '../../../../src/domain/assessment/rules.ts';
import { ApiError, api } from '../../api.ts';
import type { Text } from '../../i18n.ts';

export type { DimensionCode as Dimension } from '../../../../src/domain/assessment/scale.ts';
export type {
  AgreementRow,
  AssessmentResult,
  AssessmentView as Assessment,
  HistoryView,
  MyRecheck,
  QualificationView,
  RecheckReport,
  RescoreOutcome,
  ReviewView,
  TaskView as Task,
} from '../../../../src/domain/assessment/view-schemas.ts';
export type { RiskKind };

export const STATUS_TEXT: Record<string, Text> = {
  open: { zh: '待指派', en: 'Open' },
  assigned: { zh: '已指派', en: 'Assigned' },
  completed: { zh: '已完成', en: 'Completed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '待签名', en: 'Awaiting signatures' },
  signed: { zh: '已签署', en: 'Signed' },
  unassigned: { zh: '无可用复评员', en: 'No re-checker' },
  done: { zh: '已复评', en: 'Re-scored' },
};

export const REASON_TEXT: Record<string, Text> = {
  application: { zh: '申请评估', en: 'Application' },
  condition_change: { zh: '状况变化', en: 'Change of condition' },
  scheduled: { zh: '定期复评', en: 'Scheduled re-assessment' },
};

export const RISK_TEXT: Record<RiskKind, Text> = {
  fall: { zh: '跌倒', en: 'Falls' },
  wandering: { zh: '走失', en: 'Wandering off' },
  choking: { zh: '噎食', en: 'Choking' },
  selfHarm: { zh: '自杀/自伤', en: 'Self-harm' },
  other: { zh: '其他', en: 'Other' },
};

export const LEVEL_COLORS = ['green', 'lime', 'gold', 'orange', 'red'];

/** Loads a resource; `reload` fetches it again after a change. */
export function useResource<T>(path: string | null): {
  data: T | null;
  error: string | null;
  reload: () => void;
  setData: (d: T) => void;
} {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    api<T>(path, { signal: controller.signal }).then(setData, (err) => {
      if (!controller.signal.aborted) setError(err instanceof ApiError ? err.message : String(err));
    });
    return () => controller.abort();
  }, [path, tick]);
  return { data, error, reload: () => setTick((n) => n + 1), setData };
}

export const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
