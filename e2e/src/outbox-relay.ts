import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import {
  awaitConnectorRunning,
  createConnectClient,
  databasePlaceholders,
  loadConnectorDefinitions,
  renderConnectorConfig,
} from '@orderflow/connect';
import { databaseName, dropReplicationSlot, ensureLogicalReplicationSlot } from '@orderflow/postgres';
import { createTestDatabase, type TestDatabase, type TestNamespace } from '@orderflow/testing';

const CONNECTOR = 'payments-outbox';

/** A test's payment database and the connector relaying its outbox to the namespace's topics. */
export interface OutboxRelay {
  database: TestDatabase;
  /** The connector's name on the shared worker. */
  connector: string;
  close(): Promise<void>;
}

/**
 * The relay as `npm start` applies it (connectors/payments-outbox.yaml), for one test: a migrated
 * database of the test's own, its own slot, and a connector named after the namespace on the run's
 * Connect worker (KAFKA_CONNECT_URL), routing to the namespace's topics. Tests run side by side on one
 * worker this way, as several teams' connectors would.
 */
export const startOutboxRelay = async (namespace: TestNamespace, label: string): Promise<OutboxRelay> => {
  const connectUrl = process.env.KAFKA_CONNECT_URL;
  if (!connectUrl) {
    throw new Error('KAFKA_CONNECT_URL is not set: test/global-setup.ts exports the stack’s Connect worker.');
  }
  const database = await createTestDatabase(label);
  const connect = createConnectClient(connectUrl);
  const connector = `${namespace.prefix}${CONNECTOR}`;
  const slot = `${databaseName(database.url)}_relay`.slice(0, 63);
  const close = async (): Promise<void> => {
    await connect.remove(connector).catch(() => undefined);
    await dropReplicationSlot(database.url, slot).catch(() => undefined);
    await database.cleanup();
  };
  try {
    const definition = loadConnectorDefinitions(join(projectPaths().root, 'connectors')).find(
      (entry) => entry.name === CONNECTOR,
    );
    if (definition === undefined) throw new Error(`connectors/${CONNECTOR}.yaml is missing`);
    const config = renderConnectorConfig(definition, {
      ...databasePlaceholders(database.url),
      TOPIC_PREFIX: namespace.prefix,
    });
    // The slot first, as `connectors apply` does: nothing committed from here on can be missed.
    await ensureLogicalReplicationSlot(database.url, slot);
    await connect.putConfig(connector, { ...config, 'slot.name': slot, 'topic.prefix': connector });
    await awaitConnectorRunning(connect, connector, 120_000);
  } catch (error) {
    await close();
    throw error;
  }
  return { database, connector, close };
};
