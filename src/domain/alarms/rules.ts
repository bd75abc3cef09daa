// Pure rules of the alarms domain (no I/O): the daytime that counts for inactivity, and whether a
// device's recent traffic is flapping.

/** Asia/Shanghai keeps UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * Seconds of daytime — [fromMinute, toMinute) of each Shanghai day — between two instants. The
 * inactivity rule counts only these: a night's sleep is not inactivity.
 */
export function daytimeSecondsBetween(from: Date, to: Date, fromMinute: number, toMinute: number): number {
  const start = from.getTime() + SHANGHAI_OFFSET_MS;
  const end = to.getTime() + SHANGHAI_OFFSET_MS;
  if (end <= start || toMinute <= fromMinute) return 0;
  let total = 0;
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    const a = Math.max(start, day + fromMinute * 60_000);
    const b = Math.min(end, day + toMinute * 60_000);
    if (b > a) total += b - a;
  }
  return Math.floor(total / 1000);
}

/** Whether an elder living alone has been still for the policy's daytime hours. */
export function isInactive(
  lastMotion: Date,
  now: Date,
  policy: { inactivityHours: number; daytimeFromMinute: number; daytimeToMinute: number },
): boolean {
  return (
    daytimeSecondsBetween(lastMotion, now, policy.daytimeFromMinute, policy.daytimeToMinute) >=
    policy.inactivityHours * 3600
  );
}

/**
 * A device is flapping when the events it sent within the window (this one included) exceed the
 * threshold: the first `threshold` act as usual, the rest are only counted.
 */
export function isFlapping(eventsInWindow: number, threshold: number): boolean {
  return eventsInWindow > threshold;
}
