import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import Redis from 'ioredis';

import type { ServiceName } from '@orderflow/e2e';
import { resolveAmqpUrl, resolveRabbitmqManagementUrl } from '@orderflow/config';
import { createPostgresPool } from '@orderflow/postgres';
import { loadQueueTopology, readQueueStats } from '@orderflow/rabbitmq';

import { SERVICE_NAMES, type ChaosSystem } from '../system';
import { doneMarkerLog, type DoneMarkerLog } from './done-markers-scan';
import { lagOf, readGroupOffsets, type PartitionOffsets } from './group-offsets';
import { residentBytes, scrapeHandled } from './service-probe';

/** One look at the running system. */
export interface Sample {
  at: number;
  /** Records not yet committed, per group, on its source and retry topics; undefined when Kafka did not answer. */
  lag?: Record<string, number>;
  totalLag?: number;
  /**
   * Jobs waiting in the work queues and their delay tiers, and those a worker holds unacknowledged (known
   * from the management API), not the DLQ, where jobs are parked as in a Kafka DLQ; undefined when
   * RabbitMQ did not answer. A held job is work in flight: case 8 was once declared quiet while the sender
   * still retried 30 of them.
   */
  queuedJobs?: number;
  /** Records handled so far over every service's life (summed over restarts). */
  handled: number;
  /** Of those, redeliveries of records already done (outcome="duplicate"). */
  duplicates: number;
  rssBytes: Partial<Record<ServiceName, number>>;
  /**
   * The harness's own longest event-loop delay since the last sample: its clients time their attempts on
   * that loop, so an answer it records late may have waited in the harness, not in the order API.
   */
  harnessLoopDelayMs: number;
}

/** Committed offsets read just before done-marker scan `scan`: I7 checks every record below them was done. */
export interface CommitSample {
  at: number;
  scan: number;
  offsets: PartitionOffsets[];
}

export interface Sampler {
  samples: Sample[];
  commitSamples: CommitSample[];
  doneMarkers: DoneMarkerLog;
  /** Services found dead without the harness having taken them down, and restarted. */
  crashes: { at: number; service: ServiceName }[];
  latest(): Sample | undefined;
  stop(): Promise<void>;
}

const SAMPLE_INTERVAL_MS = 2_000;
/** At most this often, a commit sample and a done-marker scan (I7); cheaper than every sample. */
const COMMIT_SAMPLE_INTERVAL_MS = 10_000;
/**
 * A scan walks Redis's whole keyspace, which grows with the run (167 000 keys after 5000 orders, 0.8 ms of
 * Redis per SCAN call: more Redis time than the services' own scripts). The next scan waits this many times
 * the last one's duration, so the probe keeps to about a tenth of Redis however large the run.
 */
const SCAN_COST_FACTOR = 9;
const PROBE_TIMEOUT_MS = 2_000;
/** Kafka's admin calls retry for long while a broker is down; a sample gives up after this instead. */
const OFFSETS_TIMEOUT_MS = 5_000;

const within = <T>(promise: Promise<T>, timeoutMs: number): Promise<T | undefined> =>
  Promise.race([promise.catch(() => undefined), sleep(timeoutMs).then(() => undefined)]);

/**
 * Samples the system every 2 s while a case runs (lag per group, handled and duplicate counters, RSS,
 * crashed services), and every 10 s or more (see SCAN_COST_FACTOR) reads committed offsets then the done
 * markers, for I7. Writes every sample to samples.jsonl. A crashed service is restarted, and counted (I8:
 * no crash loop).
 */
export const startSampler = (system: ChaosSystem, dir: string): Sampler => {
  const { namespace } = system.pipeline;
  const redis = new Redis(namespace.settings.redisUrl, {
    commandTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  // Each probe's command fails on its own while Redis is down (cases 7–9); the client's 'error' event would
  // only be printed as unhandled, once per reconnect attempt.
  redis.on('error', () => undefined);
  const databaseUrl = system.pipeline.env.DATABASE_URL;
  const inbox =
    databaseUrl === undefined
      ? undefined
      : // A scan during a database outage fails and is skipped (the next one catches up), as with Redis.
        createPostgresPool({
          url: databaseUrl,
          applicationName: 'chaos-sampler',
          max: 1,
          onIdleError: () => undefined,
        });
  const doneMarkers = doneMarkerLog(redis, namespace.prefix, inbox);
  const amqpUrl = resolveAmqpUrl(system.pipeline.env);
  const managementUrl = resolveRabbitmqManagementUrl(system.pipeline.env);
  const topology = loadQueueTopology(namespace.prefix);
  const samples: Sample[] = [];
  const commitSamples: CommitSample[] = [];
  const crashes: Sampler['crashes'] = [];
  // Counters restart at 0 with each process: the last value seen per pid, summed, survives restarts.
  const handledByPid = new Map<number, { handled: number; duplicates: number }>();
  let running = true;
  let stopping: Promise<void> | undefined;
  let nextCommitSampleAt = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();

  const sampleNow = async (): Promise<Sample> => {
    const at = Date.now();
    const offsets = await within(readGroupOffsets(namespace), OFFSETS_TIMEOUT_MS);
    const queues = await within(readQueueStats({ amqpUrl, managementUrl, topology }), OFFSETS_TIMEOUT_MS);
    if (offsets !== undefined && at >= nextCommitSampleAt) {
      const scan = doneMarkers.scans;
      const scanStartedAt = Date.now();
      const scanned = await within(
        doneMarkers.scan().then(() => true),
        10_000,
      );
      const scanMs = Date.now() - scanStartedAt;
      nextCommitSampleAt = at + Math.max(COMMIT_SAMPLE_INTERVAL_MS, SCAN_COST_FACTOR * scanMs);
      if (scanned) commitSamples.push({ at, scan, offsets });
    }
    const rssBytes: Sample['rssBytes'] = {};
    await Promise.all(
      SERVICE_NAMES.map(async (name) => {
        const pid = system.pid(name);
        const url = system.url(name);
        if (pid === undefined || url === undefined) return;
        const rss = residentBytes(pid);
        if (rss !== undefined) rssBytes[name] = rss;
        const counts = await scrapeHandled(url, PROBE_TIMEOUT_MS);
        if (counts) handledByPid.set(pid, counts);
      }),
    );
    const lag =
      offsets === undefined
        ? undefined
        : offsets.reduce<Record<string, number>>((byGroup, partition) => {
            byGroup[partition.group] = (byGroup[partition.group] ?? 0) + lagOf(partition);
            return byGroup;
          }, {});
    const totals = [...handledByPid.values()];
    const sample: Sample = {
      at,
      ...(lag ? { lag, totalLag: Object.values(lag).reduce((sum, value) => sum + value, 0) } : {}),
      ...(queues
        ? {
            queuedJobs: queues
              .filter((queue) => queue.role !== 'dlq')
              .reduce((sum, queue) => sum + queue.ready + (queue.unacked ?? 0), 0),
          }
        : {}),
      handled: totals.reduce((sum, entry) => sum + entry.handled, 0),
      duplicates: totals.reduce((sum, entry) => sum + entry.duplicates, 0),
      rssBytes,
      harnessLoopDelayMs: Math.round(loopDelay.max / 1e6),
    };
    loopDelay.reset();
    samples.push(sample);
    appendFileSync(join(dir, 'samples.jsonl'), `${JSON.stringify(sample)}\n`);
    return sample;
  };

  const restartCrashed = async (): Promise<void> => {
    for (const service of system.crashed()) {
      crashes.push({ at: Date.now(), service });
      await system.start(service).catch(() => undefined);
    }
  };

  const loop = (async () => {
    while (running) {
      const started = Date.now();
      await sampleNow();
      await restartCrashed();
      await sleep(Math.max(0, SAMPLE_INTERVAL_MS - (Date.now() - started)));
    }
  })();

  return {
    samples,
    commitSamples,
    doneMarkers,
    crashes,
    latest: () => samples.at(-1),
    // Stopped once the case is measured, and again (a no-op) in the runner's cleanup.
    stop() {
      stopping ??= (async () => {
        running = false;
        await loop;
        loopDelay.disable();
        redis.disconnect();
        await inbox?.end();
      })();
      return stopping;
    },
  };
};
