// The call-centre policy in force (alarm_policies, alarm_escalation_steps): SLA, join window,
// heartbeat supervision and the escalation ladder, as data by effective date.
import type { Db } from '../identity/context.js';

export interface AlarmPolicy {
  effectiveFrom: string;
  ackSlaSeconds: number;
  joinWindowSeconds: number;
  heartbeatSeconds: number;
  missedHeartbeats: number;
  lowBatteryPct: number;
  /** 独居老人: daytime hours without motion before an inactivity incident. */
  inactivityHours: number;
  /** The daytime the inactivity rule counts, minutes after midnight in Asia/Shanghai: [from, to). */
  daytimeFromMinute: number;
  daytimeToMinute: number;
  /** More than this many events from one device within the window is flapping. */
  flapThreshold: number;
  flapWindowSeconds: number;
  ladder: { level: number; target: string; afterSeconds: number; remindSeconds: number }[];
}

export async function policyOn(db: Db, date: string): Promise<AlarmPolicy> {
  const p = await db
    .selectFrom('alarm_policies')
    .selectAll()
    .where('effective_from', '<=', date)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const steps = await db
    .selectFrom('alarm_escalation_steps')
    .selectAll()
    .where('effective_from', '=', p.effective_from)
    .orderBy('level')
    .execute();
  return {
    effectiveFrom: p.effective_from,
    ackSlaSeconds: p.ack_sla_seconds,
    joinWindowSeconds: p.join_window_seconds,
    heartbeatSeconds: p.heartbeat_seconds,
    missedHeartbeats: p.missed_heartbeats,
    lowBatteryPct: p.low_battery_pct,
    inactivityHours: p.inactivity_hours,
    daytimeFromMinute: minuteOfDay(p.daytime_from),
    daytimeToMinute: minuteOfDay(p.daytime_to),
    flapThreshold: p.flap_threshold,
    flapWindowSeconds: p.flap_window_seconds,
    ladder: steps.map((s) => ({
      level: s.level,
      target: s.target,
      afterSeconds: s.after_seconds,
      remindSeconds: s.remind_seconds,
    })),
  };
}

/** '07:30' or '07:30:00' → 450. */
function minuteOfDay(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}
