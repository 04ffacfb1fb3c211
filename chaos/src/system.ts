import { symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

import { startPipeline, type Pipeline, type ServiceName } from '@orderflow/e2e';
import { isAlive } from '@orderflow/stack';

/** Every service of the pipeline, in start order (order-api last: it only takes orders once all consume). */
export const SERVICE_NAMES: readonly ServiceName[] = [
  'inventory',
  'payment',
  'notification',
  'notificationSender',
  'analytics',
  'orderApi',
];

/** A sku seeded with no stock: the orders naming it are rejected (10% of them, see chaos-orders.ts). */
export const UNSTOCKED_SKU = 'SKU-CHAOS-UNSTOCKED';

/** The pipeline of one case: five processes on a namespace of their own, restartable one by one. */
export interface ChaosSystem {
  pipeline: Pipeline;
  /** Follows restarts: a restarted order API listens on another port. */
  orderApiUrl(): string;
  url(name: ServiceName): string | undefined;
  pid(name: ServiceName): number | undefined;
  /** Starts the service again (after a kill or a stop); resolves once it reports ready. */
  start(name: ServiceName): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 20 s), as a rolling deploy does. */
  stop(name: ServiceName): Promise<void>;
  /** Services the harness has not taken down on purpose whose process is gone: crashes. */
  crashed(): ServiceName[];
  /** Marks a service as taken down on purpose (a fault), so `crashed` does not report it. */
  expectDown(name: ServiceName): void;
  /** Where the notification sender writes, through the symlink `NOTIFICATION_SINK_FILE` names. */
  sinkFile: string;
  /** Points the sink's symlink at `target` (e.g. /dev/full for an outage) or back at `sinkFile`. */
  pointSinkAt(target: string): void;
  /** Where the simulated gateway journals every charge it makes, every payment instance's (I4). */
  chargeJournal: string;
  close(): Promise<void>;
}

export interface SystemOptions {
  label: string;
  dir: string;
  /** Units of each seeded sku: enough that only the unstocked sku rejects. */
  unitsPerSku: number;
  serviceEnv?: Record<string, string>;
  /** The topics.yaml environment of the stack the case runs on (`production` on the three-broker one). */
  topicsEnvironment?: string;
}

export const startSystem = async ({
  label,
  dir,
  unitsPerSku,
  serviceEnv = {},
  topicsEnvironment,
}: SystemOptions): Promise<ChaosSystem> => {
  const sinkFile = join(dir, 'notifications.jsonl');
  const sinkLink = join(dir, 'sink.jsonl');
  const chargeJournal = join(dir, 'charges.jsonl');
  const pointSinkAt = (target: string): void => {
    unlinkSync(sinkLink);
    symlinkSync(target, sinkLink);
  };
  symlinkSync(sinkFile, sinkLink);
  const pipeline = await startPipeline(label, {
    processes: true,
    logDir: dir,
    topicsEnvironment,
    unitsPerSku,
    services: [...SERVICE_NAMES],
    overrides: {
      PAYMENT_FAILURE_RATE: '0.2',
      PAYMENT_LATENCY_MS: '20',
      NOTIFICATION_SINK_FILE: sinkLink,
      PAYMENT_CHARGE_JOURNAL: chargeJournal,
      LOG_LEVEL: 'warn',
      ...serviceEnv,
    },
  });
  await pipeline.stock.setStock({ [UNSTOCKED_SKU]: 0 });
  pipeline.initialStock[UNSTOCKED_SKU] = 0;
  const down = new Set<ServiceName>();
  return {
    pipeline,
    sinkFile,
    pointSinkAt,
    chargeJournal,
    orderApiUrl: () => pipeline.services.orderApi?.url ?? '',
    url: (name) => pipeline.services[name]?.url,
    pid: (name) => pipeline.services[name]?.pid,
    async start(name) {
      await pipeline.services[name]?.close();
      await pipeline.start(name);
      down.delete(name);
    },
    async stop(name) {
      down.add(name);
      await pipeline.stop(name);
    },
    crashed: () =>
      SERVICE_NAMES.filter((name) => {
        const pid = pipeline.services[name]?.pid;
        return !down.has(name) && pid !== undefined && !isAlive(pid);
      }),
    expectDown: (name) => void down.add(name),
    close: () => pipeline.close(),
  };
};
