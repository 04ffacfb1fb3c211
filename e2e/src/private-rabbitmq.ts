import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createRabbitmqComponent, readStackSettings } from '@orderflow/stack';
import { freePortRun } from '@orderflow/testing';

/** A RabbitMQ node of a test's own (the stack's component in a temp folder, on free ports): it may be restarted. */
export interface PrivateRabbitmq {
  url: string;
  /** Its rabbitmq_prometheus endpoint (per-object metrics). */
  prometheusUrl: string;
  /** Graceful stop (SIGTERM), then start on the same ports and data: durable queues and their jobs survive. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;

export const startPrivateRabbitmq = async (): Promise<PrivateRabbitmq> => {
  const dir = mkdtempSync(join(tmpdir(), 'orderflow-rabbitmq-'));
  const first = await freePortRun(5);
  const [amqp, dist, epmd, prometheus, management] = [0, 1, 2, 3, 4].map((offset) => first + offset);
  const settings = readStackSettings({
    ORDERFLOW_STACK_DIR: dir,
    ORDERFLOW_RABBITMQ_PORT: String(amqp),
    ORDERFLOW_RABBITMQ_DIST_PORT: String(dist),
    ORDERFLOW_RABBITMQ_EPMD_PORT: String(epmd),
    ORDERFLOW_RABBITMQ_PROMETHEUS_PORT: String(prometheus),
    ORDERFLOW_RABBITMQ_MANAGEMENT_PORT: String(management),
  });
  const node = createRabbitmqComponent(settings);
  const report = (): void => undefined;
  const start = async (): Promise<void> => {
    node.start(report);
    await node.waitUntilReady(READY_TIMEOUT_MS);
  };
  await node.prepare(report);
  await start();
  return {
    url: node.address,
    prometheusUrl: `http://127.0.0.1:${prometheus}`,
    start,
    stop: async () => {
      await node.stop();
    },
    restart: async () => {
      await node.stop();
      await start();
    },
    close: async () => {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
