// Bounded memory while seeding. A city-sized run allocates many gigabytes of short-lived strings;
// chunks waiting on the database live long enough to be promoted to V8's old generation, which V8
// lets grow to 500–600 MB before collecting, although live data stays near 100 MB. A full
// collection whenever the heap has grown past a limit keeps the process near its live size at
// any N, for ~30 ms every few chunks.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

function collector(): () => void {
  if (!gc) {
    // `--expose-gc` can be switched on at run time; the function is then reachable from a new context.
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  return gc;
}

export function collectIfHeapAbove(bytes = 192 * 2 ** 20): void {
  if (process.memoryUsage().heapUsed > bytes) collector()();
}
