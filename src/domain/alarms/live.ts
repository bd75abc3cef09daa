// The console's live feed: one LISTEN per server process on the `alarm_incident` channel (sent
// by whichever process wrote the change), fanned out to that process's SSE clients, each hearing
// only the incidents of its own reach.
import type { Database } from '../../db/engine.js';
import { INCIDENT_CHANNEL, type IncidentNotice } from './incidents.js';

type Subscriber = (notice: IncidentNotice) => void;

export class IncidentFeed {
  private subscribers = new Set<Subscriber>();
  private unlisten: Promise<() => Promise<void>> | null = null;

  constructor(private database: Database) {}

  async subscribe(fn: Subscriber): Promise<() => void> {
    this.unlisten ??= this.database.listen(INCIDENT_CHANNEL, {
      message: (payload) => {
        let notice: IncidentNotice;
        try {
          notice = JSON.parse(payload) as IncidentNotice;
        } catch {
          return;
        }
        for (const s of this.subscribers) s(notice);
      },
      live: () => {},
    });
    await this.unlisten;
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  async stop(): Promise<void> {
    this.subscribers.clear();
    const u = this.unlisten;
    this.unlisten = null;
    if (u) await (await u)();
  }
}
