import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

import { OrderflowError } from '@orderflow/errors';
import { pollUntil } from '@orderflow/wait';

import { kafkaProbe } from '../health-probes';
import { findJava } from '../java-runtime';
import { runningPid, startDetached, stopProcess, whileRunning, type ProcessSpec } from '../managed-process';
import { fetchKafkaLibs } from '../maven-fetcher';
import type { StackSettings } from '../stack-settings';
import { STACK_VERSIONS } from '../stack-versions';
import { componentStatus } from './component-status';
import type { StackComponent } from './stack-component';

/**
 * Single-node KRaft (combined broker and controller). Settings a developer stack wants that production
 * would not: replication factor 1 for internal topics, no initial rebalance delay (tests join groups
 * fast), few internal partitions (quick start on 2 cores). Auto-creation stays off, as in production:
 * topics come from topics.yaml.
 */
const serverProperties = (settings: StackSettings, dataDir: string): string => {
  const { host, ports } = settings;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${ports.kafkaController}`,
    `listeners=PLAINTEXT://${host}:${ports.kafka},CONTROLLER://${host}:${ports.kafkaController}`,
    `advertised.listeners=PLAINTEXT://${host}:${ports.kafka}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'auto.create.topics.enable=false',
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=10',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
};

const log4jProperties = (logFile: string): string =>
  [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    // The state-change and request loggers repeat every partition move; warnings still show.
    'logger.stateChange.name = state.change.logger',
    'logger.stateChange.level = warn',
    '',
  ].join('\n');

/** Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding. */
/**
 * A cluster id as Kafka's own `Uuid.randomUuid()` makes them: 16 random bytes, base64url, never starting
 * with '-' (one in 64 would, and kafka-storage would then read `-t -abc…` as an unknown option).
 */
const newClusterId = (): string => {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
};

export const createKafkaComponent = (settings: StackSettings): StackComponent => {
  const home = join(settings.stackDir, 'kafka');
  const dataDir = join(home, 'data');
  const configFile = join(home, 'server.properties');
  const log4jFile = join(home, 'log4j2.properties');
  const address = `${settings.host}:${settings.ports.kafka}`;
  const probe = kafkaProbe([address]);
  const pidSpec = {
    pidFile: join(settings.runDir, 'kafka.pid'),
    signature: configFile,
    logFile: join(settings.logsDir, 'kafka.out'),
  };
  let libsDir: string | undefined;

  const processSpec = (jars: string): ProcessSpec => ({
    ...pidSpec,
    command: findJava(17, 'Kafka').executable,
    args: [
      `-Xms128m`,
      `-Xmx${settings.heapMb.kafka}m`,
      `-Dlog4j2.configurationFile=${log4jFile}`,
      '-cp',
      `${jars}/*`,
      'kafka.Kafka',
      configFile,
    ],
    cwd: home,
  });

  const formatStorage = (java: string, jars: string): void => {
    if (existsSync(join(dataDir, 'meta.properties'))) return;
    const format = spawnSync(
      java,
      ['-cp', `${jars}/*`, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', configFile],
      { encoding: 'utf8' },
    );
    if (format.status !== 0) {
      throw new OrderflowError('STACK_START_FAILED', `Formatting Kafka's storage in ${dataDir} failed.`, {
        context: { output: `${format.stdout}${format.stderr}`.slice(-2000) },
      });
    }
  };

  return {
    name: 'kafka',
    address,
    async prepare(report) {
      libsDir = await fetchKafkaLibs(settings.cacheDir, STACK_VERSIONS.kafka, report);
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(configFile, serverProperties(settings, dataDir));
      writeFileSync(log4jFile, log4jProperties(join(settings.logsDir, 'kafka.log')));
    },
    start(report) {
      if (runningPid(pidSpec) !== undefined) return;
      if (libsDir === undefined) throw new Error('kafka: prepare() must run before start()');
      const spec = processSpec(libsDir);
      formatStorage(spec.command, libsDir);
      const pid = startDetached(spec);
      report(`kafka ${STACK_VERSIONS.kafka} starting (pid ${pid}, ${address})`);
    },
    async waitUntilReady(timeoutMs) {
      await pollUntil(whileRunning(pidSpec, probe), {
        description: `Kafka on ${address} (log: ${settings.logsDir}/kafka.log)`,
        timeoutMs,
      });
    },
    status: () => componentStatus('kafka', address, probe, runningPid(pidSpec)),
    stop: () => stopProcess(pidSpec, 30_000),
  };
};
