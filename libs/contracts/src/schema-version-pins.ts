import { OrderflowError } from '@orderflow/errors';

import { catalogOf } from './schema-catalog';
import type { SchemaCatalog } from './schema-catalog';

/** The newest version a deployment may use, per topic: `{ 'order.created': 1 }`. */
export type SchemaVersionPins = Readonly<Record<string, number>>;

const PIN = /^([^=\s]+)=([1-9]\d*)$/;

/**
 * Parses `order.created=1,payment.completed=2` (ORDERFLOW_SCHEMA_VERSIONS); empty or unset pins nothing.
 * `key` names the setting in the error.
 */
export const parseSchemaVersionPins = (text: string | undefined, key: string): SchemaVersionPins => {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return Object.fromEntries(
    entries.map((entry) => {
      const match = PIN.exec(entry);
      if (!match?.[1] || !match[2]) {
        throw new OrderflowError(
          'CONFIG_INVALID',
          `${key} entry "${entry}" is not <topic>=<version> (e.g. order.created=1).`,
          { context: { key, entry } },
        );
      }
      return [match[1], Number(match[2])];
    }),
  );
};

/**
 * The catalog as a build that knew only versions up to each pin would have it: a pinned topic's later
 * versions are left out, so its latest (what the serde reads every record into, and writes) is the pinned
 * one. Runs a service as the build before a rollout did, against the records of the build after it.
 */
export const pinSchemaVersions = (catalog: SchemaCatalog, pins: SchemaVersionPins): SchemaCatalog => {
  const pinned = Object.entries(pins);
  if (pinned.length === 0) return catalog;
  for (const [topic, version] of pinned) {
    const { versions } = catalog.get(topic);
    if (version > versions.length) {
      throw new OrderflowError(
        'CONFIG_INVALID',
        `Cannot pin ${topic} to v${version}: schemas/${topic} holds v1..v${versions.length}.`,
        { context: { topic, version } },
      );
    }
  }
  return catalogOf(
    catalog.contracts.map((contract) => {
      const pin = pins[contract.topic];
      if (pin === undefined) return contract;
      const versions = contract.versions.slice(0, pin);
      return { ...contract, versions, latest: versions.at(-1) ?? contract.latest };
    }),
  );
};
