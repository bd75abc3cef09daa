// Which version applies here on this date: the most specific pack (community → street → district/
// county → city → province) that has a version of the rule in force that day.
export interface Candidate {
  jurisdiction_code: string;
  version: number;
  effective_from: string;
  effective_to: string | null;
}

/** The GB/T 2260 chain above a code, most specific first: 330182 → 330182, 330100, 330000. */
export function jurisdictionChain(code: string): string[] {
  const chain: string[] = [];
  if (code.length === 12) chain.push(code);
  if (code.length >= 9) chain.push(code.slice(0, 9));
  const six = code.slice(0, 6);
  const province = `${six.slice(0, 2)}0000`;
  const city = `${six.slice(0, 4)}00`;
  if (six !== city && six !== province) chain.push(six);
  if (city !== province) chain.push(city);
  chain.push(province);
  return chain;
}

export const inForce = (c: Candidate, onDate: string) =>
  c.effective_from <= onDate && (c.effective_to === null || c.effective_to >= onDate);

export interface Resolution<C extends Candidate> {
  chosen: C | null;
  /** One line per pack in the chain: what it had for the date. */
  trail: { jurisdictionCode: string; state: 'chosen' | 'overridden' | 'not_in_force' | 'absent'; versions: number[] }[];
}

export function resolveVersion<C extends Candidate>(candidates: C[], code: string, onDate: string): Resolution<C> {
  const trail: Resolution<C>['trail'] = [];
  let chosen: C | null = null;
  for (const j of jurisdictionChain(code)) {
    const here = candidates.filter((c) => c.jurisdiction_code === j);
    const active = here.find((c) => inForce(c, onDate)) ?? null;
    const versions = here.map((c) => c.version).sort((a, b) => a - b);
    if (!here.length) trail.push({ jurisdictionCode: j, state: 'absent', versions });
    else if (!active) trail.push({ jurisdictionCode: j, state: 'not_in_force', versions });
    else if (chosen) trail.push({ jurisdictionCode: j, state: 'overridden', versions });
    else {
      chosen = active;
      trail.push({ jurisdictionCode: j, state: 'chosen', versions });
    }
  }
  return { chosen, trail };
}
