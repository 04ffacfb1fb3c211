import type { InvariantResult } from '../check/invariant.types';

/** What one case did and found: printed as a line, written to report.json, gathered in docs/reliability.json. */
export interface CaseReport {
  number: number;
  name: string;
  title: string;
  orders: number;
  rate: number;
  clients: { accepted: number; refused: number; gaveUp: number; attempts: number };
  faults: { injected: number; inFlight: number };
  /** Proof the faults hit work: records seen again after being done, and follow-ups published again. */
  redeliveries: { duplicateOutcomes: number; republished: number };
  recovery: { maxSeconds: number; quiescenceSeconds: number };
  durationSeconds: number;
  invariants: InvariantResult[];
  passed: boolean;
  /** Set when the case could not run to its check (the harness or the system failed). */
  error?: string;
}

const mark = (result: InvariantResult): string => {
  if (result.pass) return `${result.id} ✓`;
  const failures = Object.entries(result.counts).filter(([kind]) =>
    result.examples.some((example) => (example as { kind?: string }).kind === kind),
  );
  return `${result.id} ✗ (${failures.map(([kind, count]) => `${kind} ${count}`).join(', ')})`;
};

/** `case 1 kill-services: 5000 orders … I1 ✓ … recovery 12.3 s PASS`. */
export const caseLine = (report: CaseReport): string => {
  if (report.error !== undefined) return `case ${report.number} ${report.name}: ERROR ${report.error}`;
  const { clients, faults, redeliveries, recovery } = report;
  return [
    `case ${report.number} ${report.name}:`,
    `${report.orders} orders (202 ${clients.accepted}, refused ${clients.refused}, gave up ${clients.gaveUp}, ${clients.attempts} attempts)`,
    `faults ${faults.injected} (${faults.inFlight} in flight)`,
    `redeliveries ${redeliveries.duplicateOutcomes} dup + ${redeliveries.republished} republished`,
    `| ${report.invariants.map(mark).join(' · ')} |`,
    `recovery ≤ ${recovery.maxSeconds.toFixed(1)} s, quiet after ${recovery.quiescenceSeconds.toFixed(1)} s,`,
    `${report.durationSeconds.toFixed(0)} s`,
    report.passed ? 'PASS' : 'FAIL',
  ].join(' ');
};
