// Vocabulary of the assessment's extra sections, shared by the API schemas and the web form.

/** Areas of the rehabilitation-needs section (康复需求). */
export const REHAB_AREAS = [
  'mobility',
  'balance_falls',
  'swallowing',
  'speech',
  'cognition',
  'continence',
  'pain',
  'daily_living',
  'other',
] as const;
export type RehabArea = (typeof REHAB_AREAS)[number];
