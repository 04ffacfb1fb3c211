import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { createConnectClient, describeConnector, isConnectorRunning } from '@orderflow/connect';
import { pollUntil } from '@orderflow/wait';

import type { HealthProbe } from '../health-probes';
import { findJava } from '../java-runtime';
import { runningPid, startDetached, stopProcess, whileRunning } from '../managed-process';
import { fetchDebeziumPostgres, fetchKafkaLibs } from '../maven-fetcher';
import type { StackSettings } from '../stack-settings';
import { STACK_VERSIONS } from '../stack-versions';
import { componentStatus } from './component-status';
import { connectWorkerProperties } from './connect-worker-properties';
import { log4jProperties } from './log4j-properties';
import type { StackComponent } from './stack-component';

/** The worker answers its REST API: enough to apply connectors. */
const restProbe =
  (url: string): HealthProbe =>
  async () =>
    `Kafka Connect ${await createConnectClient(url).version()}`;

/** Healthy when every connector and task runs; the detail names each with its state. */
const connectorsProbe =
  (url: string): HealthProbe =>
  async () => {
    const client = createConnectClient(url);
    const connectors = await client.list();
    const lines = connectors.map(describeConnector);
    if (!connectors.every(isConnectorRunning)) throw new Error(lines.join('; '));
    return `Kafka Connect ${await client.version()}; ${lines.length > 0 ? lines.join('; ') : 'no connectors'}`;
  };

/** The worker that KAFKA_CONNECT_URL names: probed, never started or stopped by the stack. */
const externalConnect = (url: string): StackComponent => ({
  name: 'kafka-connect',
  address: url,
  prepare: () => Promise.resolve(),
  start: () => undefined,
  waitUntilReady: (timeoutMs) =>
    pollUntil(restProbe(url), { description: `Kafka Connect at ${url}`, timeoutMs }).then(() => undefined),
  status: () => componentStatus('kafka-connect', url, connectorsProbe(url), 'external'),
  pid: () => undefined,
  stop: () => Promise.resolve(false),
});

export interface KafkaConnectOptions {
  /** The worker group; its internal topics are named after it. A test's private worker takes its own. */
  groupId?: string;
}

/**
 * A Kafka Connect 4.3 worker run from the broker's own jars (connect-runtime ships with kafka-tools), with
 * Debezium's PostgreSQL plugin from Maven Central. C1 only, a serial GC and a small heap: it relays a
 * few records a second and must start fast beside three other JVMs on two cores (~3 s, ~160 MB).
 */
const embeddedConnect = (
  settings: StackSettings,
  kafkaAddresses: readonly string[],
  options: KafkaConnectOptions,
): StackComponent => {
  const { host, ports } = settings;
  const home = join(settings.stackDir, 'kafka-connect');
  const configFile = join(home, 'worker.properties');
  const log4jFile = join(home, 'log4j2.properties');
  const logFile = join(settings.logsDir, 'kafka-connect.log');
  const address = `http://${host}:${ports.connect}`;
  const pidSpec = {
    pidFile: join(settings.runDir, 'kafka-connect.pid'),
    signature: configFile,
    logFile: join(settings.logsDir, 'kafka-connect.out'),
  };
  let libsDir: string | undefined;

  return {
    name: 'kafka-connect',
    address,
    async prepare(report) {
      const [libs, plugins] = await Promise.all([
        fetchKafkaLibs(settings.cacheDir, STACK_VERSIONS.kafka, report),
        fetchDebeziumPostgres(settings.cacheDir, STACK_VERSIONS.debezium, report),
      ]);
      libsDir = libs;
      mkdirSync(home, { recursive: true });
      writeFileSync(
        configFile,
        connectWorkerProperties({
          kafkaAddresses,
          host,
          port: ports.connect,
          groupId: options.groupId ?? 'orderflow-connect',
          pluginPath: plugins,
        }),
      );
      writeFileSync(log4jFile, log4jProperties(logFile));
    },
    start(report) {
      if (runningPid(pidSpec) !== undefined) return;
      if (libsDir === undefined) throw new Error('kafka-connect: prepare() must run before start()');
      const pid = startDetached({
        ...pidSpec,
        command: findJava(17, 'Kafka Connect').executable,
        args: [
          `-Xmx${settings.heapMb.connect}m`,
          '-XX:TieredStopAtLevel=1',
          '-XX:+UseSerialGC',
          `-Dlog4j2.configurationFile=${log4jFile}`,
          '-cp',
          `${libsDir}/*`,
          'org.apache.kafka.connect.cli.ConnectDistributed',
          configFile,
        ],
        cwd: home,
      });
      report(
        `kafka-connect ${STACK_VERSIONS.kafka} + Debezium ${STACK_VERSIONS.debezium} starting (pid ${pid}, ${address})`,
      );
    },
    async waitUntilReady(timeoutMs) {
      await pollUntil(whileRunning({ ...pidSpec, logFile }, restProbe(address)), {
        description: `Kafka Connect at ${address} (log: ${logFile})`,
        timeoutMs,
      });
    },
    status: () => componentStatus('kafka-connect', address, connectorsProbe(address), runningPid(pidSpec)),
    pid: () => runningPid(pidSpec),
    // Graceful: tasks commit their offsets (Debezium confirms its LSN) before the worker leaves.
    stop: () => stopProcess(pidSpec, 20_000),
  };
};

export const createKafkaConnectComponent = (
  settings: StackSettings,
  kafkaAddresses: readonly string[],
  options: KafkaConnectOptions = {},
): StackComponent =>
  settings.externalConnectUrl === undefined
    ? embeddedConnect(settings, kafkaAddresses, options)
    : externalConnect(settings.externalConnectUrl);
