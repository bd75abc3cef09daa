// Splitting an award into instalments by fractional shares, without losing or inventing a fen.
import { addYears } from '../../../lib/dates.js';
import type { Payment, ShareScheduleValue } from './types.js';

/** Shares as exact fractions must add up to one; returns a problem text or null. */
export function scheduleProblem(schedule: ShareScheduleValue): string | null {
  // Sum of n_i/d_i == 1  ⇔  Σ n_i·(L/d_i) == L for the product L of denominators (small numbers here).
  const l = schedule.reduce((acc, s) => acc * s.denominator, 1);
  const total = schedule.reduce((acc, s) => acc + s.numerator * (l / s.denominator), 0);
  if (total !== l) return 'instalment shares must add up to exactly 1';
  for (let i = 1; i < schedule.length; i++) {
    if (schedule[i]!.afterYears <= schedule[i - 1]!.afterYears)
      return 'instalments must be in increasing order of years';
  }
  return null;
}

/**
 * Instalment i is the rounded cumulative amount up to i minus the rounded cumulative amount before
 * it, so the parts always add up to the total and equal thirds stay equal where they can
 * (40,000 yuan in thirds: 13,333.33 + 13,333.33 + 13,333.34).
 */
export function allocate(totalFen: number, schedule: ShareScheduleValue, startDate: string): Payment[] {
  const l = schedule.reduce((acc, s) => acc * s.denominator, 1);
  let cumulative = 0;
  let paid = 0;
  return schedule.map((s) => {
    cumulative += s.numerator * (l / s.denominator);
    const upTo = Math.floor((totalFen * cumulative) / l);
    const amountFen = upTo - paid;
    paid = upTo;
    return { dueDate: addYears(startDate, s.afterYears), amountFen };
  });
}

export function describeSchedule(schedule: ShareScheduleValue): { zh: string; en: string } {
  return {
    zh: schedule.map((s) => `满${s.afterYears}年发放${s.numerator}/${s.denominator}`).join('，'),
    en: schedule.map((s) => `${s.numerator}/${s.denominator} after ${s.afterYears} years`).join(', '),
  };
}
