// The one place the institutions domain learns an elder's capability level. The waiting list
// reads levels only through `assessmentLevelOf`; elders without a signed level count as unassessed.
// INTEGRATION POINT: the source is the assessment domain's `currentLevel` (src/domain/assessment/
// current-level.ts). Tests swap the source to state levels without running assessments.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { currentLevel } from '../assessment/current-level.js';

type Db = Kysely<DB> | Transaction<DB>;
export type LevelSource = (db: Db, elderId: number) => Promise<number | null>;

const fromAssessments: LevelSource = async (db, elderId) => (await currentLevel(db, elderId))?.level ?? null;

let source: LevelSource = fromAssessments;

/** The elder's current signed GB/T 42195 level (0–4), or null when unassessed. */
export function assessmentLevelOf(db: Db, elderId: number): Promise<number | null> {
  return source(db, elderId);
}

/** Replaces the source (tests); returns a function that restores the previous one. */
export function useLevelSource(next: LevelSource): () => void {
  const previous = source;
  source = next;
  return () => {
    source = previous;
  };
}
