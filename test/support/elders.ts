// Builders for elder test data: valid ID numbers for a given age and sex.
import { makeCitizenId } from '../../src/lib/citizen-id.js';

let sequence = 100;

/** A valid 18-digit ID number of someone born on `birthDate`; odd sequence = male. */
export function idNumber(birthDate = '1948-05-17', sex: 'M' | 'F' = 'F', addressCode = '330102'): string {
  sequence = (sequence + 2) % 998;
  const seq = sex === 'M' ? sequence | 1 : sequence & ~1;
  return makeCitizenId(addressCode, birthDate, seq);
}

let personCounter = 0;
export function elderBody(overrides: Record<string, unknown> = {}) {
  personCounter++;
  const birth = `19${40 + (personCounter % 20)}-0${1 + (personCounter % 9)}-1${personCounter % 10}`;
  return {
    name: `测试老人${personCounter}`,
    idNumber: idNumber(birth, personCounter % 2 ? 'M' : 'F'),
    phone: '13800138000',
    communityCode: '330102001051',
    address: '清波街道劳动路 12 号',
    ...overrides,
  };
}
