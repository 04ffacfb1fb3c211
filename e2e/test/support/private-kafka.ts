import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createKafkaCluster, isAlive, readStackSettings } from '@orderflow/stack';
import { freePortRun, waitFor } from '@orderflow/testing';

export interface PrivateKafka {
  brokers: string[];
  /** SIGSTOP: the broker keeps its sockets open and answers nothing, like a stalled or partitioned one. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/**
 * A single-node Kafka of the test's own, started with the stack's component (jars from the shared cache)
 * in a temporary directory: a test may stall it without stalling everyone's broker. Its client port and the
 * controller port after it are free when picked.
 */
export const startPrivateKafka = async (): Promise<PrivateKafka> => {
  const stackDir = mkdtempSync(join(tmpdir(), 'orderflow-private-kafka-'));
  const settings = readStackSettings({
    ...process.env,
    ORDERFLOW_STACK_DIR: stackDir,
    ORDERFLOW_KAFKA_PORT: String(await freePortRun(2)),
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
