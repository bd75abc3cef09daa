// Words for the alarms vocabulary (src/domain/alarms/vocabulary.ts): what an operator or a family reads.
import type { IncidentKind, IncidentStatus } from '../../../../src/domain/alarms/vocabulary.ts';
import type { Text } from '../../i18n.ts';

export const INCIDENT_KIND_LABELS: Record<IncidentKind, Text> = {
  sos: { zh: '紧急呼叫', en: 'SOS' },
  fall: { zh: '跌倒', en: 'Fall' },
  medical: { zh: '医疗求助', en: 'Medical' },
  vitals: { zh: '体征异常', en: 'Vital signs' },
  inactivity: { zh: '长时间无活动', en: 'Inactivity' },
  offline: { zh: '设备离线', en: 'Device offline' },
};

export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, Text> = {
  new: { zh: '待接警', en: 'New' },
  acknowledged: { zh: '已接警', en: 'Acknowledged' },
  in_progress: { zh: '处置中', en: 'In progress' },
  resolved: { zh: '已处置', en: 'Resolved' },
  closed: { zh: '已结案', en: 'Closed' },
};
