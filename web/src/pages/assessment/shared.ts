// Types of the assessment API as the pages use them, and the pages' own words in both languages
// (kept here rather than in the app-wide dictionary, which belongs to the shell).
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { Text } from '../../i18n.ts';

export type Dimension = 'B.1' | 'B.2' | 'B.3' | 'B.4';
export type RiskKind = 'fall' | 'wandering' | 'choking' | 'selfHarm' | 'other';

export interface Reason {
  code: string;
  zh: string;
  en: string;
}

export interface AssessmentResult {
  total: number;
  dimensions: Record<Dimension, number>;
  preliminaryLevel: number;
  finalLevel: number;
  levelName: Text;
  reasons: Reason[];
  rulesVersion: string;
}

export interface Assessment {
  id: number;
  elderId: number;
  elderName: string;
  districtCode: string;
  taskId: number | null;
  standard: string;
  status: 'draft' | 'submitted' | 'signed';
  revision: number;
  supersedesId: number | null;
  correctionNote: string | null;
  supersededById: number | null;
  items: Record<string, number>;
  coma: boolean;
  diagnoses: string[];
  riskEvents30d: Record<RiskKind, number>;
  result: AssessmentResult | null;
  rehabNeeds: {
    needs: { area: string; priority: string; note?: string }[];
    recommendedServices?: string[];
    note?: string;
  } | null;
  fitness: Record<string, number | string> | null;
  assessedOn: string | null;
  place: string | null;
  assessors: { id: number; name: string }[];
  signatures: { userId: number; name: string; certificateNo: string; signedAt: string; contentHash: string }[];
  createdAt: string;
  submittedAt: string | null;
  signedAt: string | null;
}

export interface Task {
  id: number;
  elderId: number;
  elderName: string;
  districtCode: string;
  reason: string;
  requesterKind: string;
  status: string;
  note: string | null;
  dueOn: string | null;
  assessors: { id: number; name: string }[];
  assessmentId: number | null;
  createdAt: string;
}

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
