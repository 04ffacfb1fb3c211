import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isOrderflowError } from '@orderflow/errors';

import { loadSchemaCatalog } from './schema-catalog';

const record = (name: string, fields: object[] = [{ name: 'eventId', type: 'string' }]): string =>
  JSON.stringify({ type: 'record', name, namespace: 'test', fields });

/** A throwaway schemas/ folder holding `files` (paths like `a.topic/v1.avsc`). */
const schemasDir = (files: Record<string, string>): string => {
  const root = mkdtempSync(join(tmpdir(), 'catalog-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, 'schemas', path, '..'), { recursive: true });
    writeFileSync(join(root, 'schemas', path), content);
  }
  return join(root, 'schemas');
};

const loadError = (files: Record<string, string>): unknown => {
  try {
    loadSchemaCatalog({ schemasDir: schemasDir(files) });
  } catch (error) {
    return error;
  }
  throw new Error('expected loadSchemaCatalog to throw');
};

describe('loadSchemaCatalog', () => {
  it('lists topics by name with subject, versions in order and the latest type', () => {
    const catalog = loadSchemaCatalog({
      schemasDir: schemasDir({
        'b.topic/v2.avsc': record('B', [
          { name: 'eventId', type: 'string' },
          { name: 'note', type: 'string', default: '' },
        ]),
        'b.topic/v1.avsc': record('B'),
        'a.topic/v1.avsc': record('A'),
      }),
    });

    expect(catalog.contracts.map(({ topic, subject }) => [topic, subject])).toEqual([
      ['a.topic', 'a.topic-value'],
      ['b.topic', 'b.topic-value'],
    ]);
    const b = catalog.get('b.topic');
    expect(b.versions.map(({ version, file }) => [version, file])).toEqual([
      [1, 'schemas/b.topic/v1.avsc'],
      [2, 'schemas/b.topic/v2.avsc'],
    ]);
    expect(b.latest.version).toBe(2);
    expect(b.latest.type.isValid({ eventId: 'e', note: 'n' })).toBe(true);
    expect(catalog.topicOfRecord('test.A')).toBe('a.topic');
  });

  it('keeps the registered text stable whatever the file formatting', () => {
    const catalog = loadSchemaCatalog({
      schemasDir: schemasDir({ 't/v1.avsc': JSON.stringify(JSON.parse(record('T')), null, 2) }),
    });
    expect(catalog.get('t').latest.text).toBe(record('T'));
  });

  it.each([
    ['invalid JSON', { 't/v1.avsc': '{ "type": ' }, 'schemas/t/v1.avsc is not valid JSON'],
    [
      'an invalid schema',
      { 't/v1.avsc': '{ "type": "record", "name": "T" }' },
      'schemas/t/v1.avsc is not a valid Avro record schema',
    ],
    ['a non-record schema', { 't/v1.avsc': '"string"' }, 'top-level type is string'],
    [
      'a gap in versions',
      { 't/v1.avsc': record('T'), 't/v3.avsc': record('T') },
      'schemas/t/v2.avsc is missing',
    ],
    ['versions not starting at 1', { 't/v2.avsc': record('T') }, 'schemas/t/v1.avsc is missing'],
    [
      'a badly named file',
      { 't/v1.avsc': record('T'), 't/latest.avsc': record('T') },
      'schemas/t/latest.avsc is not named v<N>.avsc',
    ],
    [
      'two topics with one record name',
      { 'a/v1.avsc': record('Same'), 'b/v1.avsc': record('Same') },
      'reuses record test.Same',
    ],
  ])('rejects %s with SCHEMA_INVALID naming the file', (_case, files, message) => {
    const error = loadError(files);
    expect(isOrderflowError(error, 'SCHEMA_INVALID')).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it('names the known topics when asked for an unknown one', () => {
    const catalog = loadSchemaCatalog({ schemasDir: schemasDir({ 'a/v1.avsc': record('A') }) });
    expect(() => catalog.get('nope')).toThrow('No schema for topic nope under schemas/ (known: a)');
  });
});
