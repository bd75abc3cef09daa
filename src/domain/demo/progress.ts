// Seeding progress on stderr: a bar on a terminal, a line per tenth in logs (CI, docker).
import cliProgress from 'cli-progress';
import type { SeedProgress } from './seed.js';

export interface ProgressReporter {
  update(p: SeedProgress): void;
  stop(): void;
}

export function consoleProgress(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = Date.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {value}/{total} elders | {stage} | {rate}/s`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    return {
      update(p) {
        const rate = Math.round(p.done / Math.max(0.001, (Date.now() - started) / 1000));
        if (!begun) bar.start(p.total, p.done, { stage: p.stage, rate });
        begun = true;
        bar.update(p.done, { stage: p.stage, rate });
      },
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update(p) {
      const tenth = p.total ? Math.floor((p.done / p.total) * 10) : 10;
      if (tenth === lastTenth && p.stage === 'elders') return;
      lastTenth = tenth;
      stream.write(
        `${label}: ${p.stage} ${p.done}/${p.total} elders (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
      );
    },
    stop() {},
  };
}
