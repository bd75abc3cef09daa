// Warnings on an institution's page: rules from the plans, as a pure function of facts.
// Staffing rules (social worker, nurse, rehab staff) come from the workforce domain and are
// appended by the caller.
import { REHAB_ROOM_FROM_BEDS } from './kinds.js';
import type { Warning } from './schemas.js';

export type { Warning } from './schemas.js';

export interface InstitutionFacts {
  beds: number;
  residents: number;
  nursingShare: number | null;
  hasRehabRoom: boolean;
  isTownshipHome: boolean;
  medicalMode: string;
  partnerTo: string | null;
  star: { star: number; validUntil: string } | null;
  today: string;
}

/** 002 §二.2: 敬老院 with fewer than 30 residents are merged; each keeps ≥ 75 beds, ≥ 60% nursing-type. */
export const TOWNSHIP_HOME = { minResidents: 30, minBeds: 75, minNursingShare: 0.6 } as const;

export function institutionWarnings(f: InstitutionFacts): Warning[] {
  const out: Warning[] = [];
  if (f.beds >= REHAB_ROOM_FROM_BEDS && !f.hasRehabRoom) {
    out.push({
      code: 'rehab_room_missing',
      message: `床位 ${f.beds} 张（≥${REHAB_ROOM_FROM_BEDS}），未设康复室`,
      source: '001 §四.1',
    });
  }
  if (f.isTownshipHome) {
    if (f.residents < TOWNSHIP_HOME.minResidents) {
      out.push({
        code: 'township_home_few_residents',
        message: `敬老院入住 ${f.residents} 人，少于 ${TOWNSHIP_HOME.minResidents} 人（撤并对象）`,
        source: '002 §二.2',
      });
    }
    if (f.beds < TOWNSHIP_HOME.minBeds) {
      out.push({
        code: 'township_home_few_beds',
        message: `敬老院床位 ${f.beds} 张，低于 ${TOWNSHIP_HOME.minBeds} 张`,
        source: '002 §二.2',
      });
    }
    if (f.nursingShare != null && f.nursingShare < TOWNSHIP_HOME.minNursingShare) {
      out.push({
        code: 'township_home_nursing_share',
        message: `敬老院护理型床位占比 ${Math.round(f.nursingShare * 100)}%，低于 60%`,
        source: '002 §二.2',
      });
    }
  }
  if (f.medicalMode === 'partner_hospital' && f.partnerTo && f.partnerTo < f.today) {
    out.push({ code: 'partner_agreement_expired', message: `医养结合签约协议已于 ${f.partnerTo} 到期`, source: '003' });
  }
  if (f.star && f.star.validUntil < f.today) {
    out.push({
      code: 'star_rating_expired',
      message: `星级评定（${f.star.star} 星）已于 ${f.star.validUntil} 过期`,
      source: 'GB/T 37276',
    });
  }
  return out;
}
