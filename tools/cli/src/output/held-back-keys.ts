import { readHeldKeys } from '@orderflow/retry';
import type { ConsumerGroupModel } from '@orderflow/topics';

import { withRedis } from '../commands/redis-connection';
import { renderTable } from './render-table';

// A screenful: the count line says how many more there are.
const SHOWN_PER_GROUP = 50;

/**
 * Prints the keys that groups with `ordering: per-key` hold back behind a record waiting in a retry tier
 * (topics.yaml), from their marks in Redis. Redis being unreachable is reported, not thrown: lag and DLQ
 * figures printed before stay useful.
 */
export const printHeldBackKeys = async (groups: ConsumerGroupModel[], topicPrefix: string): Promise<void> => {
  const ordered = groups.filter((group) => group.ordering === 'per-key');
  if (ordered.length === 0) return;
  try {
    const rows = await withRedis(async (redis) => {
      const found: string[][] = [];
      for (const group of ordered) {
        const held = await readHeldKeys({ redis, keyPrefix: topicPrefix, group: group.name });
        if (held.length === 0) found.push([group.name, '-', '0', '-', '-']);
        for (const entry of held.slice(0, SHOWN_PER_GROUP)) {
          const tier = group.retryTiers[entry.tierIndex]?.topic ?? String(entry.tierIndex);
          found.push([group.name, entry.key, String(entry.records), entry.head, tier]);
        }
        if (held.length > SHOWN_PER_GROUP) {
          found.push([group.name, `… ${held.length - SHOWN_PER_GROUP} more keys`, '', '', '']);
        }
      }
      return found;
    });
    console.log('\nHeld-back keys (groups with ordering: per-key):');
    console.log(renderTable(['GROUP', 'KEY', 'RECORDS', 'WAITING FOR', 'IN TIER'], rows));
  } catch (error) {
    console.log(`\nHeld-back keys: not read (${error instanceof Error ? error.message : String(error)}).`);
  }
};
