import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { pollUntil } from '@orderflow/wait';

import { schemaRegistryProbe } from '../health-probes';
import { findJava } from '../java-runtime';
import { runningPid, startDetached, stopProcess, whileRunning } from '../managed-process';
import { fetchApicurioRegistry } from '../maven-fetcher';
import type { StackSettings } from '../stack-settings';
import { STACK_VERSIONS } from '../stack-versions';
import { componentStatus } from './component-status';
import type { StackComponent } from './stack-component';

/** Apicurio Registry 3 serves the Confluent Schema Registry REST API under this path. */
export const CONFLUENT_API_PATH = '/apis/ccompat/v7';

/**
 * Apicurio Registry with KafkaSQL storage: schemas live in a Kafka topic of the same broker, like
 * Confluent's `_schemas`, so they survive a restart exactly as long as the messages that reference
 * their ids do (in-memory storage would make every stored message undecodable after `stack:down`).
 * On a three-broker cluster Apicurio 3.3 creates its journal with replication factor min(3, brokers)
 * and min.insync.replicas one less, so RF 3 / min ISR 2 as long as the registry starts after every
 * broker has joined (the stack waits for that; its `replication.factor` setting is passed to Kafka as
 * a topic config and refused, so it is not set). The cluster test checks the journal's replication.
 */
export const createSchemaRegistryComponent = (
  settings: StackSettings,
  kafkaAddresses: readonly string[],
): StackComponent => {
  const { host, ports } = settings;
  const home = join(settings.stackDir, 'schema-registry');
  const address = `http://${host}:${ports.registry}${CONFLUENT_API_PATH}`;
  const probe = schemaRegistryProbe(address);
  const pidSpec = {
    pidFile: join(settings.runDir, 'schema-registry.pid'),
    signature: `-Dorderflow.stack=${home}`,
    logFile: join(settings.logsDir, 'schema-registry.log'),
  };
  let appDir: string | undefined;

  return {
    name: 'schema-registry',
    address,
    async prepare(report) {
      appDir = await fetchApicurioRegistry(settings.cacheDir, STACK_VERSIONS.apicurioRegistry, report);
      mkdirSync(home, { recursive: true });
    },
    start(report) {
      if (runningPid(pidSpec) !== undefined) return;
      if (appDir === undefined) throw new Error('schema-registry: prepare() must run before start()');
      const pid = startDetached({
        ...pidSpec,
        command: findJava(21, 'Apicurio Registry 3').executable,
        args: [
          pidSpec.signature,
          `-Xmx${settings.heapMb.registry}m`,
          // Clients cache schemas, so the registry is start-up bound: C1 only and a serial GC start it
          // faster and smaller on a 2-core machine.
          '-XX:TieredStopAtLevel=1',
          '-XX:+UseSerialGC',
          `-Dquarkus.http.host=${host}`,
          `-Dquarkus.http.port=${ports.registry}`,
          // The management interface is compiled in; keep it on loopback and off the shared port 9000.
          `-Dquarkus.management.host=${host}`,
          `-Dquarkus.management.port=${ports.registryManagement}`,
          '-Dapicurio.storage.kind=kafkasql',
          `-Dapicurio.kafkasql.bootstrap.servers=${kafkaAddresses.join(',')}`,
          '-jar',
          join(appDir, 'quarkus-run.jar'),
        ],
        cwd: home,
      });
      report(
        `schema-registry (Apicurio ${STACK_VERSIONS.apicurioRegistry}) starting (pid ${pid}, ${address})`,
      );
    },
    async waitUntilReady(timeoutMs) {
      await pollUntil(whileRunning(pidSpec, probe), {
        description: `the schema registry at ${address} (log: ${settings.logsDir}/schema-registry.log)`,
        timeoutMs,
      });
    },
    status: () => componentStatus('schema-registry', address, probe, runningPid(pidSpec)),
    pid: () => runningPid(pidSpec),
    stop: () => stopProcess(pidSpec, 20_000),
  };
};
