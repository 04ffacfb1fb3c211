import { killServices } from '../src/cases/01-kill-services';
import { caseLine } from '../src/report/case-report';
import { runCase } from '../src/run-case';

// The fault suite in miniature, so `npm test` keeps the harness working: case 1 (SIGKILL of each service
// while work is in flight) at 150 orders, through the same runner, sampler and checker as `npm run chaos`.
describe('npm run chaos, case 1 at 150 orders', () => {
  it('keeps every invariant while each service is killed mid-stream', async () => {
    // 15 s of load instead of the case's 240: enough for a few kills, each gated on work in flight.
    const report = await runCase(
      { ...killServices, minLoadSeconds: 15 },
      { orders: 150, rate: 10, report: false },
      () => undefined,
    );

    expect({ line: caseLine(report), passed: report.passed }).toEqual({
      line: caseLine(report),
      passed: true,
    });
    // Proof the kills hit work: injected while lag was positive and the handled counters were rising.
    expect(report.faults.inFlight).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
