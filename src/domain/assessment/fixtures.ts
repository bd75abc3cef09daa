// Answer sets for tests, demo data and benchmarks: a full form with a chosen total.
import { ITEMS, maxScore } from './scale.js';

/** Every item at its best score: total 90. */
export function fullMarks(): Record<string, number> {
  return Object.fromEntries(ITEMS.map((i) => [i.code, maxScore(i)]));
}

/**
 * Answers summing to `total` (0–90), taking points off from the first item onwards, so the
 * mental-state items (consciousness last) stay high until the total is very low.
 */
export function itemsWithTotal(total: number, base = fullMarks()): Record<string, number> {
  if (!Number.isInteger(total) || total < 0 || total > 90) throw new Error(`total ${total} outside 0–90`);
  const items = { ...base };
  let excess = Object.values(items).reduce((a, b) => a + b, 0) - total;
  for (const item of ITEMS) {
    if (excess <= 0) break;
    const cut = Math.min(items[item.code]!, excess);
    items[item.code]! -= cut;
    excess -= cut;
  }
  return items;
}

/** Random but valid answers from a [0,1) generator (seeded in tests and benchmarks). */
export function randomItems(rand: () => number): Record<string, number> {
  return Object.fromEntries(ITEMS.map((i) => [i.code, Math.floor(rand() * (maxScore(i) + 1))]));
}
