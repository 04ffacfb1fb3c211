import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { OrderflowError } from '@orderflow/errors';
import { createKafkaProbe } from '@orderflow/kafka';
import { pollUntil } from '@orderflow/wait';

import { kafkaProbe } from '../health-probes';
import { findJava } from '../java-runtime';
import { runningPid, startDetached, stopProcess, whileRunning, type ProcessSpec } from '../managed-process';
import { fetchKafkaLibs } from '../maven-fetcher';
import type { StackReporter } from '../stack-reporter';
import type { KafkaNodeSettings, StackSettings } from '../stack-settings';
import { STACK_VERSIONS } from '../stack-versions';
import { componentStatus } from './component-status';
import { log4jProperties } from './log4j-properties';
import type { StackComponent } from './stack-component';

const run = promisify(execFile);

/**
 * The log cleaner allocates its whole dedupe buffer as one heap array when the broker starts
 * (`LogCleaner.startup` → `SkimpyOffsetMap`). Kafka's default, 128 MiB, is half of a 256 MiB heap: a
 * broker whose heap is fragmented at that moment dies with `OutOfMemoryError: Java heap space`, now
 * and then. A 16th of the heap (16 MiB at 256 MiB, 24 bytes a key) still holds some 600 000 keys per
 * cleaning pass, far more than a developer stack's compacted topics carry; Kafka wants at least 1 MiB.
 */
const dedupeBufferBytes = (heapMb: number): number => Math.max(2, Math.floor(heapMb / 16)) * 1024 * 1024;

/**
 * KRaft nodes that are broker and controller at once. Settings a developer stack wants that production
 * would not: no initial rebalance delay (tests join groups fast), few internal partitions (quick start on
 * 2 cores). Auto-creation stays off, as in production: topics come from topics.yaml. One node replicates
 * nothing; three replicate everything three times and refuse acks=all writes below two in-sync copies,
 * internal topics included, and never elect a replica that is not in sync (it would drop acknowledged
 * records).
 */
const serverProperties = (settings: StackSettings, node: KafkaNodeSettings, dataDir: string): string => {
  const { host, kafkaNodes } = settings;
  const replication = Math.min(3, kafkaNodes.length);
  const minIsr = replication === 1 ? 1 : 2;
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${kafkaNodes.map((voter) => `${voter.id}@${host}:${voter.controllerPort}`).join(',')}`,
    `listeners=PLAINTEXT://${host}:${node.port},CONTROLLER://${host}:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${node.advertisedPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'auto.create.topics.enable=false',
    'num.partitions=3',
    ...(replication === 1
      ? []
      : [
          `default.replication.factor=${replication}`,
          `min.insync.replicas=${minIsr}`,
          'unclean.leader.election.enable=false',
        ]),
    `offsets.topic.replication.factor=${replication}`,
    'offsets.topic.num.partitions=10',
    `transaction.state.log.replication.factor=${replication}`,
    `transaction.state.log.min.isr=${minIsr}`,
    'transaction.state.log.num.partitions=10',
    `share.coordinator.state.topic.replication.factor=${replication}`,
    `share.coordinator.state.topic.min.isr=${minIsr}`,
    'group.initial.rebalance.delay.ms=0',
    `log.cleaner.dedupe.buffer.size=${dedupeBufferBytes(settings.heapMb.kafka)}`,
    '',
  ].join('\n');
};

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

/** The id a node's storage was formatted with, if it was. */
const formattedClusterId = (dataDir: string): string | undefined => {
  const metaFile = join(dataDir, 'meta.properties');
  if (!existsSync(metaFile)) return undefined;
  return /^cluster\.id=(\S+)$/m.exec(readFileSync(metaFile, 'utf8'))?.[1];
};

/**
 * Three JVMs starting at once on a 2-core machine are bound by start-up CPU and memory, not by
 * throughput: C1 only and a serial GC start a node faster and keep it smaller (as for the registry).
 * A single broker keeps the JVM's defaults.
 */
const CLUSTER_NODE_JVM_ARGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** One node of the embedded Kafka, as the stack and the fault API see it. */
export interface KafkaNode extends StackComponent {
  readonly nodeId: number;
  readonly dataDir: string;
}

const createKafkaNode = (
  settings: StackSettings,
  node: KafkaNodeSettings,
  shared: { clusterId: () => string; fetchLibs: (report: StackReporter) => Promise<string> },
): KafkaNode => {
  const home = join(settings.stackDir, node.name);
  const dataDir = join(home, 'data');
  const configFile = join(home, 'server.properties');
  const log4jFile = join(home, 'log4j2.properties');
  const logFile = join(settings.logsDir, `${node.name}.log`);
  const address = `${settings.host}:${node.port}`;
  const probe = kafkaProbe([address]);
  const pidSpec = {
    pidFile: join(settings.runDir, `${node.name}.pid`),
    signature: configFile,
    logFile: join(settings.logsDir, `${node.name}.out`),
  };
  let libsDir: string | undefined;

  const processSpec = (jars: string): ProcessSpec => ({
    ...pidSpec,
    command: findJava(17, 'Kafka').executable,
    args: [
      `-Xms128m`,
      `-Xmx${settings.heapMb.kafka}m`,
      ...(settings.kafkaNodes.length > 1 ? CLUSTER_NODE_JVM_ARGS : []),
      `-Dlog4j2.configurationFile=${log4jFile}`,
      '-cp',
      `${jars}/*`,
      'kafka.Kafka',
      configFile,
    ],
    cwd: home,
  });

  const formatStorage = async (java: string, jars: string): Promise<void> => {
    if (formattedClusterId(dataDir) !== undefined) return;
    const args = [
      '-cp',
      `${jars}/*`,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      shared.clusterId(),
      '-c',
      configFile,
    ];
    try {
      await run(java, args, { encoding: 'utf8' });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new OrderflowError('STACK_START_FAILED', `Formatting Kafka's storage in ${dataDir} failed.`, {
        context: { output: `${stdout}${stderr}`.slice(-2000) },
        cause: error,
      });
    }
  };

  return {
    name: node.name,
    nodeId: node.id,
    address,
    dataDir,
    pid: () => runningPid(pidSpec),
    async prepare(report) {
      libsDir = await shared.fetchLibs(report);
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(configFile, serverProperties(settings, node, dataDir));
      writeFileSync(log4jFile, log4jProperties(logFile));
      await formatStorage(findJava(17, 'Kafka').executable, libsDir);
    },
    start(report) {
      if (runningPid(pidSpec) !== undefined) return;
      if (libsDir === undefined) throw new Error(`${node.name}: prepare() must run before start()`);
      const pid = startDetached(processSpec(libsDir));
      report(`${node.name} ${STACK_VERSIONS.kafka} starting (pid ${pid}, ${address})`);
    },
    async waitUntilReady(timeoutMs) {
      // Kafka reports why it exits (a port taken, a bad config) in its log4j log, not on stdout.
      await pollUntil(whileRunning({ ...pidSpec, logFile }, probe), {
        description: `Kafka on ${address} (log: ${logFile})`,
        timeoutMs,
      });
    },
    status: () => componentStatus(node.name, address, probe, runningPid(pidSpec)),
    stop: () => stopProcess(pidSpec, 30_000),
  };
};

/** The embedded Kafka: one node, or a cluster of three sharing one cluster id and one controller quorum. */
export interface KafkaCluster {
  nodes: KafkaNode[];
  /** Every node's client address, as clients list them in KAFKA_BROKERS. */
  addresses: string[];
  prepare(report: StackReporter): Promise<void>;
  start(report: StackReporter): void;
  /** Every node answers and the cluster reports all of them: replicated topics can be created. */
  waitUntilReady(timeoutMs: number): Promise<void>;
}

export const createKafkaCluster = (settings: StackSettings): KafkaCluster => {
  let clusterId: string | undefined;
  let libs: Promise<string> | undefined;
  const shared = {
    clusterId: (): string =>
      // A node formatted earlier fixes the id; a fresh cluster makes one for all its nodes.
      (clusterId ??=
        nodes.map((other) => formattedClusterId(other.dataDir)).find((id) => id !== undefined) ??
        newClusterId()),
    // One Maven fetch for all nodes, even on the first start.
    fetchLibs: (report: StackReporter): Promise<string> =>
      (libs ??= fetchKafkaLibs(settings.cacheDir, STACK_VERSIONS.kafka, report)),
  };
  const nodes: KafkaNode[] = settings.kafkaNodes.map((node) => createKafkaNode(settings, node, shared));
  const addresses = nodes.map((node) => node.address);
  const clusterProbe = createKafkaProbe({
    brokers: addresses,
    clientId: 'orderflow-stack-probe',
    timeoutMs: 2_000,
  });
  return {
    nodes,
    addresses,
    // In parallel: formatting a node's storage is a JVM start of its own.
    prepare: async (report) => {
      await Promise.all(nodes.map((node) => node.prepare(report)));
    },
    start: (report) => nodes.forEach((node) => node.start(report)),
    async waitUntilReady(timeoutMs) {
      await Promise.all(nodes.map((node) => node.waitUntilReady(timeoutMs)));
      await pollUntil(async () => ((await clusterProbe()).brokers === nodes.length ? true : undefined), {
        description: `all ${nodes.length} Kafka brokers to join the cluster`,
        timeoutMs,
      });
    },
  };
};
