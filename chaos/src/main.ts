import { exportToEnvironment } from '@orderflow/e2e';
import { createEmbeddedStack, rabbitmqManagementUrl } from '@orderflow/stack';

import { CASES } from './cases';
import { startClusterStack } from './cluster-stack';
import { parseOptions } from './options';
import { caseLine, type CaseReport } from './report/case-report';
import { runContext, writeReliabilityDocs } from './report/reliability-docs';
import { runCase } from './run-case';
import { selectCases } from './select-cases';

const log = (line: string): void => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

const main = async (): Promise<number> => {
  const options = parseOptions(process.argv.slice(2));
  const context = runContext();
  const cases = selectCases(CASES, options.only);
  // The embedded stack, started if absent (the fault driver signals its processes, so never containers).
  const stack = createEmbeddedStack();
  const { connection, amqpUrl } = await stack.up(log);
  const servers = {
    settings: connection,
    amqpUrl,
    rabbitmqManagementUrl: rabbitmqManagementUrl(stack.settings),
    databaseUrl: stack.databaseUrl,
    connectUrl: stack.connectUrl,
  };
  exportToEnvironment(servers);
  log(`${cases.length} case(s), ${options.orders} orders each at ${options.rate}/s`);
  const reports: CaseReport[] = [];
  // Written after each case: a soak runs for hours, and a batch stopped part-way keeps what it measured.
  const done = (report: CaseReport): void => {
    reports.push(report);
    console.log(caseLine(report));
    if (options.report) writeReliabilityDocs([report], options, context);
  };
  for (const chaosCase of cases.filter((candidate) => candidate.brokers === undefined)) {
    done(await runCase(chaosCase, options, log));
  }
  const clusterCases = cases.filter((candidate) => candidate.brokers === 3);
  if (clusterCases.length > 0) {
    // Started only for the cases that lose brokers, and stopped after them: three more JVMs.
    const cluster = await startClusterStack(log);
    exportToEnvironment({
      settings: cluster.connection,
      amqpUrl: cluster.amqpUrl,
      rabbitmqManagementUrl: cluster.rabbitmqManagementUrl,
      databaseUrl: cluster.databaseUrl,
      connectUrl: cluster.connectUrl,
    });
    try {
      for (const chaosCase of clusterCases) done(await runCase(chaosCase, options, log, { cluster }));
    } finally {
      await cluster.down();
      exportToEnvironment(servers);
    }
  }
  return reports.every((report) => report.passed) ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
