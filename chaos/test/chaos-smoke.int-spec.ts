import { killServices } from '../src/cases/01-kill-services';
import { caseLine } from '../src/report/case-report';
import { runCase } from '../src/run-case';

// The fault suite in miniature, so `npm test` keeps the harness working: case 1 (SIGKILL of each service
// while work is in flight) at 300 orders, through the same runner, sampler and checker as `npm run chaos`.
describe('npm run chaos, case 1 at 300 orders', () => {
  it('keeps every invariant while each service is killed mid-stream', async () => {
    // 30 s of load instead of the case's 240: enough for a few kills, each gated on work in flight, even
    // when six services starting on two cores make the first samples late (15 s was over before a kill).
    const report = await runCase(
      { ...killServices, minLoadSeconds: 30 },
      { orders: 300, rate: 10, report: false },
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
