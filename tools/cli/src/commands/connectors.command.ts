import { join } from 'node:path';

import type { Command } from 'commander';

import { projectPaths } from '@orderflow/config';
import {
  awaitConnectorRunning,
  createConnectClient,
  databasePlaceholders,
  describeConnector,
  isConnectorRunning,
  loadConnectorDefinitions,
  renderConnectorConfig,
  resolveConnectUrl,
} from '@orderflow/connect';
import { OrderflowError } from '@orderflow/errors';
import {
  dropReplicationSlot,
  ensureLogicalReplicationSlot,
  replicationSlotLags,
  resolveDatabaseUrl,
} from '@orderflow/postgres';

import { renderTable } from '../output/render-table';

export interface ConnectorsOptions {
  topicPrefix: string;
  timeoutMs: number;
}

const connectorsDir = (): string => join(projectPaths().root, 'connectors');

const slotOf = (config: Record<string, string>): string | undefined => config['slot.name'];

/**
 * `orderflow connectors apply` (and step 4 of `npm start`): for each connectors/*.yaml, the replication
 * slot first (so no transaction committed from now on can be missed), then PUT its config (creates or
 * updates, idempotent), then wait until it and its tasks run.
 */
export const applyConnectors = async ({ topicPrefix, timeoutMs }: ConnectorsOptions): Promise<void> => {
  const client = createConnectClient(resolveConnectUrl());
  const databaseUrl = resolveDatabaseUrl();
  const values = { ...databasePlaceholders(databaseUrl), TOPIC_PREFIX: topicPrefix };
  for (const definition of loadConnectorDefinitions(connectorsDir())) {
    const config = renderConnectorConfig(definition, values);
    const slot = slotOf(config);
    if (slot !== undefined && (await ensureLogicalReplicationSlot(databaseUrl, slot))) {
      console.log(`  + replication slot ${slot}`);
    }
    const { created } = await client.putConfig(definition.name, config);
    console.log(`  ${created ? '+ created' : '= updated'} ${definition.name} (${definition.file})`);
    const status = await awaitConnectorRunning(client, definition.name, timeoutMs);
    console.log(`  ${describeConnector(status)}`);
  }
};

const printStatus = async (): Promise<boolean> => {
  const client = createConnectClient(resolveConnectUrl());
  const connectors = await client.list();
  console.log(
    renderTable(
      ['CONNECTOR', 'STATE', 'TASKS'],
      connectors.map((status) => [
        status.name,
        status.connector.state,
        status.tasks.map((task) => `${task.id}:${task.state}`).join(' ') || 'none',
      ]),
    ),
  );
  connectors
    .filter((status) => !isConnectorRunning(status))
    .forEach((status) => console.log(`  ${describeConnector(status)}`));
  const slots = await replicationSlotLags(resolveDatabaseUrl());
  console.log(
    `\n${renderTable(
      ['SLOT', 'DATABASE', 'ACTIVE', 'CONFIRMED LSN', 'LAG BYTES', 'RETAINED WAL BYTES'],
      slots.map((slot) => [
        slot.slotName,
        slot.database,
        slot.active ? 'yes' : 'NO',
        slot.confirmedFlushLsn ?? '-',
        String(slot.lagBytes),
        String(slot.retainedBytes),
      ]),
    )}`,
  );
  return connectors.every(isConnectorRunning);
};

/**
 * Removes the connector, its source offsets and its replication slot: the next `apply` starts it from
 * the database's current position. For a database that was recreated (its positions start over, so old
 * offsets would make Debezium skip new rows), never for a running system.
 */
const resetConnector = async (name: string): Promise<void> => {
  const client = createConnectClient(resolveConnectUrl());
  const definition = loadConnectorDefinitions(connectorsDir()).find((entry) => entry.name === name);
  const config = (await client.config(name)) ?? definition?.config;
  if (config === undefined) {
    throw new OrderflowError('CONFIG_INVALID', `No connector ${name} on the worker or in connectors/.`, {
      context: { name },
    });
  }
  if (await client.resetOffsets(name)) console.log(`  - offsets of ${name}`);
  await client.remove(name);
  console.log(`  - connector ${name}`);
  const slot = slotOf(config);
  if (slot !== undefined && (await dropReplicationSlot(resolveDatabaseUrl(), slot))) {
    console.log(`  - replication slot ${slot}`);
  }
};

export const registerConnectorsCommands = (program: Command): void => {
  const connectors = program
    .command('connectors')
    .description('Kafka Connect connectors declared in connectors/ (the Debezium outbox relay).');

  connectors
    .command('apply')
    .description(
      'Create or update every connector of connectors/ (slot first), wait until each runs. Idempotent.',
    )
    .option('--topic-prefix <prefix>', 'prepend to the topics the connectors write to', '')
    .option('--timeout-ms <ms>', 'how long to wait for each connector to run', '60000')
    .action(async (options: { topicPrefix: string; timeoutMs: string }) => {
      await applyConnectors({ topicPrefix: options.topicPrefix, timeoutMs: Number(options.timeoutMs) });
    });

  connectors
    .command('status')
    .description(
      'Each connector and task state, and each replication slot with its lag. Exits 1 unless all run.',
    )
    .action(async () => {
      if (!(await printStatus())) {
        throw new OrderflowError('STACK_NOT_RUNNING', 'A connector or task is not running (see above).');
      }
    });

  connectors
    .command('reset <name>')
    .description(
      'Remove a connector with its offsets and replication slot (after recreating the database); `apply` recreates it.',
    )
    .action(resetConnector);
};
