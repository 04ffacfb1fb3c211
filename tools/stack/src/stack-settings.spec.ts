import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readStackSettings } from './stack-settings';

describe('stack settings', () => {
  let stackDir: string;
  const read = (env: Record<string, string> = {}) =>
    readStackSettings({ ORDERFLOW_STACK_DIR: stackDir, ORDERFLOW_KAFKA_PORT: '30092', ...env });

  beforeEach(() => {
    stackDir = mkdtempSync(join(tmpdir(), 'orderflow-stack-settings-'));
  });
  afterEach(() => rmSync(stackDir, { recursive: true, force: true }));

  it('keeps a one-broker stack as it always was: node `kafka` on the port given, 512 MiB, topics `local`', () => {
    const settings = read();
    expect(settings.kafkaNodes).toEqual([
      { id: 1, name: 'kafka', port: 30092, controllerPort: 30093, advertisedPort: 30092 },
    ]);
    expect(settings.heapMb.kafka).toBe(512);
    expect(settings.topicsEnvironment).toBe('local');
    expect(settings.envFile).toBe(join(stackDir, 'env'));
    expect(settings.runDir).toBe(join(stackDir, 'run'));
  });

  it('lays three brokers out two ports apart from the first, with smaller heaps and topics `production`', () => {
    const settings = read({ ORDERFLOW_KAFKA_BROKERS: '3' });
    expect(settings.kafkaNodes.map(({ name, port, controllerPort }) => [name, port, controllerPort])).toEqual(
      [
        ['kafka-1', 30092, 30093],
        ['kafka-2', 30094, 30095],
        ['kafka-3', 30096, 30097],
      ],
    );
    expect(settings.heapMb.kafka).toBe(256);
    expect(settings.topicsEnvironment).toBe('production');
    expect(read({ ORDERFLOW_KAFKA_BROKERS: '3', ORDERFLOW_TOPICS_ENV: 'local' }).topicsEnvironment).toBe(
      'local',
    );
  });

  it('remembers the broker count the stack was created with, and refuses another one', () => {
    writeFileSync(join(stackDir, 'state.json'), JSON.stringify({ kafkaBrokers: 3 }));
    expect(read().kafkaNodes).toHaveLength(3);
    expect(() => read({ ORDERFLOW_KAFKA_BROKERS: '1' })).toThrow(/created with 3 broker/);
  });

  it('accepts one or three brokers only', () => {
    expect(() => read({ ORDERFLOW_KAFKA_BROKERS: '2' })).toThrow(
      /ORDERFLOW_KAFKA_BROKERS: must be one of 1, 3/,
    );
  });

  it('advertises ORDERFLOW_KAFKA_ADVERTISED_PORT for a fault proxy, on a single broker only', () => {
    expect(read({ ORDERFLOW_KAFKA_ADVERTISED_PORT: '30500' }).kafkaNodes[0]).toMatchObject({
      port: 30092,
      advertisedPort: 30500,
    });
    expect(() => read({ ORDERFLOW_KAFKA_ADVERTISED_PORT: '30500', ORDERFLOW_KAFKA_BROKERS: '3' })).toThrow(
      /only for a one-broker stack/,
    );
  });
});
