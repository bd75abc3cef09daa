// Who is told when an incident escalates: an interface with a log adapter by default; an SMS
// gateway adapter plugs in here.
export interface AlarmNotice {
  incidentId: number;
  elderId: number;
  target: string;
  level: number;
  phones: string[];
  text: string;
}

export interface Notifier {
  notify(notice: AlarmNotice): Promise<void>;
}

export const logNotifier = (log: (line: string) => void = console.log): Notifier => ({
  async notify(n) {
    log(`alarm notice: incident #${n.incidentId} level ${n.level} → ${n.target} ${n.phones.join(',')}: ${n.text}`);
  },
});

/** A notifier that keeps what it was told (tests, dry runs). */
export function memoryNotifier(): Notifier & { sent: AlarmNotice[] } {
  const sent: AlarmNotice[] = [];
  return {
    sent,
    async notify(n) {
      sent.push(n);
    },
  };
}
