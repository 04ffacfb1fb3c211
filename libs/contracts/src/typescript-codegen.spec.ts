import { isOrderflowError } from '@orderflow/errors';

import { parseAvroSchema } from './avro-parse';
import { loadSchemaCatalog } from './schema-catalog';
import type { SchemaCatalog, TopicContract } from './schema-catalog';
import { findStaleGeneratedFiles } from './generated-files';
import { GENERATED_HEADER, generateTypescript } from './typescript-codegen';

/** A catalog of one version per topic, built in memory from schema objects. */
const catalogOf = (schemas: Record<string, object>): SchemaCatalog => {
  const contracts: TopicContract[] = Object.entries(schemas).map(([topic, schema]) => {
    const latest = {
      version: 1,
      file: `schemas/${topic}/v1.avsc`,
      text: JSON.stringify(schema),
      type: parseAvroSchema(schema),
    };
    return { topic, subject: `${topic}-value`, versions: [latest], latest };
  });
  return { contracts, get: () => contracts[0] as TopicContract, topicOfRecord: () => undefined };
};

const fileContent = (catalog: SchemaCatalog, name: string): string =>
  generateTypescript({ catalog }).find((file) => file.name === name)?.content ?? '';

describe('generateTypescript', () => {
  const kitchenSink = {
    type: 'record',
    name: 'Sink',
    namespace: 'io.test',
    doc: 'Every shape */ at once.',
    fields: [
      { name: 'id', type: 'string', doc: 'The id.' },
      { name: 'count', type: 'int' },
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'ratio', type: 'double' },
      { name: 'ok', type: 'boolean' },
      { name: 'raw', type: 'bytes' },
      { name: 'maybe', type: ['null', 'string'], default: null },
      { name: 'maybeLater', type: ['long', 'null'] },
      { name: 'either', type: ['string', 'int'] },
      { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'holes', type: { type: 'array', items: ['null', 'int'] } },
      { name: 'totals', type: { type: 'map', values: 'long' } },
      { name: 'color', type: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'], doc: 'A color.' } },
      {
        name: 'lines',
        type: {
          type: 'array',
          items: { type: 'record', name: 'Line', fields: [{ name: 'color', type: 'io.test.Color' }] },
        },
      },
      { name: 'firstLine', type: 'Line' },
    ],
  };

  it('maps records, enums, arrays, maps, unions and longs to TypeScript', () => {
    const content = fileContent(catalogOf({ 'sink.topic': kitchenSink }), 'sink-topic.ts');

    expect(content.startsWith(`${GENERATED_HEADER}// source: schemas/sink.topic/v1.avsc\n`)).toBe(true);
    expect(content).toContain(
      "export const COLORS = ['RED', 'GREEN'] as const;\n/** A color. */\nexport type Color = (typeof COLORS)[number];",
    );
    expect(content).toContain('export interface Line {\n  color: Color;\n}');
    expect(content).toContain('/** Every shape *\\/ at once. */\nexport interface Sink {');
    for (const field of [
      '/** The id. */\n  id: string;',
      'count: number;',
      'at: number;',
      'ratio: number;',
      'ok: boolean;',
      'raw: Buffer;',
      'maybe: string | null;',
      'maybeLater: number | null;',
      'either: string | number;',
      'tags: string[];',
      'holes: Array<number | null>;',
      'totals: Record<string, number>;',
      'color: Color;',
      'lines: Line[];',
      'firstLine: Line;',
    ]) {
      expect(content).toContain(`  ${field}\n`);
    }
    // Nested declarations come before the record using them, each exactly once.
    expect(content.indexOf('export const COLORS')).toBeLessThan(content.indexOf('export interface Line'));
    expect(content.indexOf('export interface Line')).toBeLessThan(content.indexOf('export interface Sink'));
    expect(content.match(/export interface Line/g)).toHaveLength(1);
  });

  it('writes an index with the topic list and the topic → event map', () => {
    const catalog = catalogOf({
      'a.created': { type: 'record', name: 'ACreated', fields: [] },
      'b.done': { type: 'record', name: 'BDone', fields: [] },
    });
    const index = fileContent(catalog, 'index.ts');

    expect(index).toContain("export * from './a-created';\nexport * from './b-done';\n");
    expect(index).toContain("export const TOPICS = [\n  'a.created',\n  'b.done',\n] as const;");
    expect(index).toContain(
      "export interface EventByTopic {\n  'a.created': ACreated;\n  'b.done': BDone;\n}",
    );
  });

  it('keeps older versions as modules of their own, exported under a namespace named after the version', () => {
    const v1 = {
      type: 'record',
      name: 'Placed',
      namespace: 'io.test',
      fields: [{ name: 'id', type: 'string' }],
    };
    const v2 = { ...v1, fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }] };
    const versions = [v1, v2].map((schema, index) => ({
      version: index + 1,
      file: `schemas/p.placed/v${index + 1}.avsc`,
      text: JSON.stringify(schema),
      type: parseAvroSchema(schema),
    }));
    const contract: TopicContract = {
      topic: 'p.placed',
      subject: 'p.placed-value',
      versions,
      latest: versions[1]!,
    };
    const catalog: SchemaCatalog = {
      contracts: [contract],
      get: () => contract,
      topicOfRecord: () => undefined,
    };

    expect(fileContent(catalog, 'p-placed.ts')).toContain('  note: string | null;\n');
    const older = fileContent(catalog, 'p-placed.v1.ts');
    expect(older).toContain('// source: schemas/p.placed/v1.avsc\n');
    expect(older).toContain('export interface Placed {\n  id: string;\n}');
    expect(fileContent(catalog, 'index.ts')).toContain("export type * as PlacedV1 from './p-placed.v1';\n");
  });

  it('refuses a type name declared by two topics, since one index exports both', () => {
    const shared = { type: 'enum', name: 'Shared', symbols: ['X'] };
    const catalog = catalogOf({
      'a.topic': { type: 'record', name: 'A', fields: [{ name: 's', type: shared }] },
      'b.topic': { type: 'record', name: 'B', fields: [{ name: 's', type: shared }] },
    });

    expect(() => generateTypescript({ catalog })).toThrow(
      'schemas/b.topic/v1.avsc declares Shared, which a.topic declares too',
    );
    try {
      generateTypescript({ catalog });
    } catch (error) {
      expect(isOrderflowError(error, 'SCHEMA_INVALID')).toBe(true);
    }
  });
});

describe('committed generated files', () => {
  it('match schemas/ (run `npm run codegen` and commit the result if this fails)', () => {
    const stale = findStaleGeneratedFiles({ files: generateTypescript({ catalog: loadSchemaCatalog() }) });
    if (stale.length > 0) {
      throw new Error(
        `libs/contracts/src/generated is stale (${stale.join(', ')}): run \`npm run codegen\` and commit the result.`,
      );
    }
  });
});
