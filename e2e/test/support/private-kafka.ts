import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createKafkaCluster, isAlive, readStackSettings } from '@orderflow/stack';
import { waitFor } from '@orderflow/testing';

export interface PrivateKafka {
  brokers: string[];
  /** SIGSTOP: the broker keeps its sockets open and answers nothing, like a stalled or partitioned one. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** Two adjacent free ports (the broker's and its controller's). */
const freePortPair = async (): Promise<number> => {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 40_000 + Math.floor(Math.random() * 20_000);
    if ((await isFree(port)) && (await isFree(port + 1))) return port;
  }
  throw new Error('no two adjacent free ports between 40000 and 60000');
};

/**
 * A single-node Kafka of the test's own, started with the stack's component (jars from the shared cache)
 * in a temporary directory: a test may stall it without stalling everyone's broker.
 */
export const startPrivateKafka = async (): Promise<PrivateKafka> => {
  const stackDir = mkdtempSync(join(tmpdir(), 'orderflow-private-kafka-'));
  const settings = readStackSettings({
    ...process.env,
    ORDERFLOW_STACK_DIR: stackDir,
    ORDERFLOW_KAFKA_PORT: String(await freePortPair()),
    ORDERFLOW_KAFKA_BROKERS: '1',
    ORDERFLOW_KAFKA_HEAP_MB: '256',
  });
  const kafka = createKafkaCluster(settings);
  const report = (): void => undefined;
  await kafka.prepare(report);
  kafka.start(report);
  const pid = kafka.nodes[0]?.pid();
  if (pid === undefined) throw new Error(`the private broker did not start (see ${settings.logsDir})`);
  const signal = (name: NodeJS.Signals) => () => void process.kill(pid, name);
  try {
    await kafka.waitUntilReady(90_000);
  } catch (error) {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(stackDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers: kafka.addresses,
    pause: signal('SIGSTOP'),
    resume: signal('SIGCONT'),
    // Killed, not shut down: the broker and its data are thrown away, so a graceful stop buys nothing.
    async stop() {
      process.kill(pid, 'SIGKILL');
      await waitFor(() => Promise.resolve(isAlive(pid) ? undefined : true), {
        description: `the private broker (pid ${pid}) to exit`,
        timeoutMs: 10_000,
      });
      rmSync(stackDir, { recursive: true, force: true });
    },
  };
};
