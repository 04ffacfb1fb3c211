import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { loadSchemaCatalog } from '@orderflow/contracts';
import { createAvroSerde, createRegistryClient, registerSchemas } from '@orderflow/registry';
import { createTestNamespace, ensureKcat, produceRecords } from '@orderflow/testing';

const run = promisify(execFile);
const root = resolve(__dirname, '..');

// The address, topic and order id the recipes are written with; each test run swaps in its own.
const DOC_BROKER = '127.0.0.1:19092';
const DOC_ORDER_ID = '5de3c122-0f61-436f-9161-5c07f4a9c3da';

interface Recipe {
  section: string;
  script: string;
}

/** Every ```sh block of the file, with the `## ` section it sits in. */
const extractRecipes = (markdown: string): Recipe[] => {
  const recipes: Recipe[] = [];
  let section = '';
  let block: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (block !== undefined) {
      if (line === '```') {
        recipes.push({ section, script: block.join('\n') });
        block = undefined;
      } else block.push(line);
    } else if (line.startsWith('## ')) section = line.slice(3);
    else if (line === '```sh') block = [];
  }
  return recipes;
};

// Deterministic keys, so the murmur2 partitioner puts some of them on partition 0 on every run.
const orderIds = Array.from({ length: 12 }, (_, index) => `order-kcat-${index + 1}`);

describe('docs/kcat.md recipes', () => {
  const namespace = createTestNamespace('kcat-recipes');
  const topic = `${namespace.prefix}order.created`;
  const brokers = namespace.settings.kafkaBrokers.join(',');
  const traced = orderIds[0] as string;

  /** What each section's recipes must print, besides exiting with 0. */
  const expectations: Record<string, (stdout: string) => void> = {
    'List topics and partitions': (stdout) => expect(stdout).toContain(`topic "${topic}" with 6 partitions`),
    'Read the latest records with keys and headers': (stdout) => {
      expect(stdout).toContain(traced);
      expect(stdout).toContain(`corr-${traced}`);
    },
    'Read from an offset': (stdout) => expect(stdout).toMatch(/^0 key=order-kcat-\d+$/m),
    'Read from a timestamp': (stdout) => expect(stdout).toContain(`key=${traced}`),
    "Read one order's partition": (stdout) => {
      expect(stdout.trim().split('\n')).toHaveLength(1);
      expect(stdout).toContain(`key=${traced} headers=correlation-id=corr-${traced}`);
    },
    'Offsets by time, and consumer-group lag': (stdout) =>
      expect(stdout).toMatch(new RegExp(`^${topic.replaceAll('.', '\\.')} \\[0\\] offset [1-9]`, 'm')),
    'Decode Avro payloads': (stdout) => {
      expect(stdout).toContain(`"key":"${traced}"`);
      expect(stdout).toContain('"customerId":"customer-kcat"');
    },
  };

  const recipes = extractRecipes(readFileSync(resolve(root, 'docs/kcat.md'), 'utf8'));

  beforeAll(async () => {
    ensureKcat();
    await namespace.createTopics([{ topic: 'order.created', partitions: 6 }]);
    const client = createRegistryClient({ url: namespace.settings.schemaRegistryUrl });
    const catalog = loadSchemaCatalog();
    await registerSchemas({ client, catalog, topicPrefix: namespace.prefix, topics: ['order.created'] });
    const serde = createAvroSerde({ client, catalog, topicPrefix: namespace.prefix });
    const messages = await Promise.all(
      orderIds.map(async (orderId, index) => ({
        key: orderId,
        value: await serde.encode('order.created', {
          eventId: `evt-${orderId}`,
          occurredAt: Date.now(),
          orderId,
          customerId: 'customer-kcat',
          items: [{ sku: 'SKU-BOOK-001', quantity: index + 1, unitPriceCents: 1999 }],
          currency: 'EUR',
          totalCents: (index + 1) * 1999,
          channel: 'WEB',
          couponCode: null,
        }),
        headers: { 'correlation-id': `corr-${orderId}`, 'event-id': `evt-${orderId}` },
      })),
    );
    await produceRecords(namespace, 'order.created', messages);
  });
  afterAll(() => namespace.cleanup());

  it('has an expectation for every section with recipes, and recipes in every expected section', () => {
    expect(new Set(recipes.map(({ section }) => section))).toEqual(new Set(Object.keys(expectations)));
  });

  it.each(recipes.map((recipe, index) => [`${index + 1}. ${recipe.section}`, recipe] as const))(
    'runs recipe %s',
    async (_name, { section, script }) => {
      const local = script
        .replaceAll(DOC_BROKER, brokers)
        .replaceAll(DOC_ORDER_ID, traced)
        .replace(/\border\.created\b/g, topic)
        .replaceAll('npx orderflow', 'node tools/cli/bin/orderflow.js');
      // pipefail: a recipe whose kcat fails must not pass because the last command of its pipe succeeded.
      const { stdout } = await run('bash', ['-o', 'pipefail', '-c', local], {
        cwd: root,
        env: process.env,
        timeout: 30_000,
      });
      expectations[section]?.(stdout);
    },
  );
});
