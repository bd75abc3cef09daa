// `yiyang simulate-devices`: simulated SOS pendants publishing heartbeats and presses to the
// broker a running server ingests from (load tests, demos of the dispatcher console).
import type { Command } from 'commander';
import { withDatabase } from '../../db/with-database.js';
import { prepareSimulatedDevices, simulateTraffic } from './simulator.js';

export function registerAlarmCommands(program: Command): void {
  program
    .command('simulate-devices')
    .description('register N simulated SOS pendants (serials SIM-…) and publish heartbeats and SOS presses over MQTT')
    .option('--devices <n>', 'simulated devices', '100')
    .option('--rate <n>', 'heartbeats per second across all devices', '50')
    .option('--sos-rate <n>', 'SOS presses per second across all devices', '0.1')
    .option('--seconds <n>', 'how long to publish', '60')
    .option(
      '--gateways <n>',
      'publish through N shared connections (brokers without per-device rules); 0: one per device',
      '0',
    )
    .option('--url <mqtt-url>', 'the broker (default: MQTT_URL, else the embedded broker on MQTT_PORT)')
    .action(async (opts: Record<string, string>) => {
      // The embedded database belongs to the running server's process: a second process must not open it.
      if (!process.env.DATABASE_URL) {
        console.error('simulate-devices needs DATABASE_URL (PostgreSQL): the embedded database is the server’s alone');
        process.exitCode = 2;
        return;
      }
      const url = opts.url ?? process.env.MQTT_URL ?? `mqtt://127.0.0.1:${process.env.MQTT_PORT ?? 1883}`;
      const fleet = await withDatabase(({ db }) => prepareSimulatedDevices(db, Number(opts.devices)));
      console.log(`${fleet.ids.length} simulated devices ready; publishing to ${url} for ${opts.seconds} s`);
      const stats = await simulateTraffic({
        url,
        fleet,
        rate: Number(opts.rate),
        sosPerSecond: Number(opts.sosRate),
        seconds: Number(opts.seconds),
        gateways: Number(opts.gateways),
        onProgress: (p) =>
          process.stdout.write(
            `\r${(p.elapsedMs / 1000).toFixed(0)} s: ${p.heartbeats} heartbeats, ${p.sos} SOS, ${p.failed} failed   `,
          ),
      });
      console.log(
        `\nsent ${stats.heartbeats} heartbeats and ${stats.sos} SOS in ${(stats.elapsedMs / 1000).toFixed(1)} s (${stats.failed} failed)`,
      );
    });
}
