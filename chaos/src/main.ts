import { exportToEnvironment } from '@orderflow/e2e';
import { createEmbeddedStack } from '@orderflow/stack';

import { CASES } from './cases';
import { startClusterStack } from './cluster-stack';
import { parseOptions } from './options';
import { caseLine } from './report/case-report';
import { writeReliabilityDocs } from './report/reliability-docs';
import { runCase } from './run-case';
import { selectCases } from './select-cases';

const log = (line: string): void => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

const main = async (): Promise<number> => {
  const options = parseOptions(process.argv.slice(2));
  const cases = selectCases(CASES, options.only);
  // The embedded stack, started if absent (the fault driver signals its processes, so never containers).
  const { connection } = await createEmbeddedStack().up(log);
  exportToEnvironment(connection);
  log(`${cases.length} case(s), ${options.orders} orders each at ${options.rate}/s`);
  const reports = [];
  for (const chaosCase of cases.filter((candidate) => candidate.brokers === undefined)) {
    const report = await runCase(chaosCase, options, log);
    reports.push(report);
    console.log(caseLine(report));
  }
  const clusterCases = cases.filter((candidate) => candidate.brokers === 3);
  if (clusterCases.length > 0) {
    // Started only for the cases that lose brokers, and stopped after them: three more JVMs.
    const cluster = await startClusterStack(log);
    exportToEnvironment(cluster.connection);
    try {
      for (const chaosCase of clusterCases) {
        const report = await runCase(chaosCase, options, log, { cluster });
        reports.push(report);
        console.log(caseLine(report));
      }
    } finally {
      await cluster.down();
      exportToEnvironment(connection);
    }
  }
  if (options.report) writeReliabilityDocs(reports, options);
  return reports.every((report) => report.passed) ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
