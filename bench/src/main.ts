import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectPaths, resolveAmqpUrl, resolveConnectionSettings } from '@orderflow/config';
import { exportToEnvironment } from '@orderflow/e2e';
import { createTestNamespace, registerNamespaceSchemas } from '@orderflow/testing';

import { runInterleaved } from './driver';
import { readEarlierRun } from './before-after';
import { describeMachine } from './machine';
import { parseOptions } from './options';
import { renderTable, renderSvgChart } from './render';
import { renderReport } from './report';
import { ROUNDS } from './rounds';
import { sampleOrder } from './sample-orders';
import { summarize } from './summary';

const SAMPLE_ORDERS = 200;

/** The mean size of a realistic order.created in the Confluent wire format, encoded by our serde. */
const meanOrderCreatedBytes = async (): Promise<number> => {
  const namespace = createTestNamespace('bench-size');
  try {
    const { serde } = await registerNamespaceSchemas(namespace, ['order.created']);
    let total = 0;
    for (let index = 0; index < SAMPLE_ORDERS; index++) {
      total += (await serde.encode('order.created', sampleOrder(index))).length;
    }
    return Math.round(total / SAMPLE_ORDERS);
  } finally {
    await namespace.cleanup();
  }
};

const main = async (): Promise<void> => {
  const options = parseOptions(process.argv.slice(2));
  const settings = resolveConnectionSettings();
  // @orderflow/testing's namespaces read the servers from the environment, as in the test run.
  exportToEnvironment({
    settings,
    amqpUrl: resolveAmqpUrl(),
    databaseUrl: process.env.DATABASE_URL,
    connectUrl: process.env.KAFKA_CONNECT_URL,
  });
  const rounds = ROUNDS.filter((round) => options.only?.includes(round.id) ?? true);
  const missing = (options.only ?? ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6']).filter(
    (id) => !ROUNDS.some((round) => round.id === id),
  );
  const log = (line: string): void => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

  const recordBytes = await meanOrderCreatedBytes();
  log(
    `record size: ${recordBytes} bytes (mean Avro order.created); ${options.rounds} × ${rounds.map((round) => round.id).join(' ')}`,
  );
  const records = await runInterleaved(rounds, { ...options, settings, recordBytes }, log);
  const summaries = summarize(records, options.rounds);
  console.log(`\n${renderTable(summaries)}\n`);

  const machine = describeMachine();
  const docs = join(projectPaths().root, 'docs');
  mkdirSync(docs, { recursive: true });
  writeFileSync(
    join(docs, 'benchmarks.md'),
    renderReport({
      machine,
      options,
      recordBytes,
      summaries,
      missing,
      earlier: readEarlierRun(join(docs, 'benchmarks-before.json')),
    }),
  );
  writeFileSync(join(docs, 'benchmarks.svg'), renderSvgChart(summaries));
  writeFileSync(
    join(docs, 'benchmarks.json'),
    `${JSON.stringify({ machine, options, recordBytes, missing, summaries, records }, null, 2)}\n`,
  );
  log('wrote docs/benchmarks.md, docs/benchmarks.json, docs/benchmarks.svg');
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
