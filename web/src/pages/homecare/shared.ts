// What the home-care pages share: the server's own types, the roles that open each page, the
// loader hook and a formatter of times in Shanghai.
import {
  HOMECARE_CAREGIVERS,
  HOMECARE_OVERSEERS,
  HOMECARE_PROVIDER_ROLES,
} from '../../../../src/domain/identity/permissions.ts';
import type { Role } from '../../../../src/domain/identity/roles.ts';

export type {
  OfferList,
  OrderList,
  OrderView,
  VisitList,
  VisitView,
} from '../../../../src/domain/homecare/schemas.ts';
export { formatFen } from '../../../../src/lib/money.ts';
export { useLoad } from '../institutions/shared.ts';

export const CAREGIVER_PAGE_ROLES: readonly Role[] = HOMECARE_CAREGIVERS;
export const ORDER_PAGE_ROLES: readonly Role[] = [...HOMECARE_PROVIDER_ROLES, ...HOMECARE_OVERSEERS];

export const hhmm = (iso: string) =>
  new Date(iso).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
export const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export const VISIT_COLORS: Record<string, string> = {
  scheduled: 'blue',
  in_progress: 'gold',
  exception: 'red',
  verified: 'green',
  cancelled: 'default',
};
export const ORDER_COLORS: Record<string, string> = {
  requested: 'blue',
  accepted: 'cyan',
  assigned: 'geekblue',
  in_progress: 'gold',
  completed: 'green',
  declined: 'default',
  cancelled: 'default',
};

/** Statuses in words (zh-CN, en). */
export const VISIT_LABELS: Record<string, { zh: string; en: string }> = {
  scheduled: { zh: '待上门', en: 'Scheduled' },
  in_progress: { zh: '服务中', en: 'In progress' },
  exception: { zh: '有异常', en: 'Exception' },
  verified: { zh: '已核验', en: 'Verified' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
export const ORDER_LABELS: Record<string, { zh: string; en: string }> = {
  requested: { zh: '待接单', en: 'Requested' },
  accepted: { zh: '已接单', en: 'Accepted' },
  assigned: { zh: '已派单', en: 'Assigned' },
  in_progress: { zh: '服务中', en: 'In progress' },
  completed: { zh: '已完成', en: 'Completed' },
  declined: { zh: '已拒单', en: 'Declined' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
/** A status in the user's language; an unknown one as stored. */
export const labelOf = (labels: Record<string, { zh: string; en: string }>, status: string, lang: string) =>
  labels[status] ? (lang === 'en' ? labels[status].en : labels[status].zh) : status;

/** A client id for one check-in/out, made once on the phone so a resend is recognised. */
export function newClientId(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return `web-${random}`.slice(0, 64);
}

export interface Fix {
  lat: number;
  lng: number;
  accuracyM: number;
}

/** One position from the browser, asked for at the moment of check-in or check-out only. */
export function currentPosition(): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error('geolocation unavailable'));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracyM: Math.round(p.coords.accuracy) }),
      (err) => reject(new Error(err.message)),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  });
}
