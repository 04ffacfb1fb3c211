import { connectWorkerProperties } from './connect-worker-properties';

const properties = (brokers: number): Map<string, string> =>
  new Map(
    connectWorkerProperties({
      kafkaAddresses: Array.from({ length: brokers }, (_, index) => `127.0.0.1:${19092 + 2 * index}`),
      host: '127.0.0.1',
      port: 18083,
      groupId: 'orderflow-connect',
      pluginPath: '/cache/debezium-postgres-3.7.0.Final',
    })
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );

describe('the Connect worker properties', () => {
  it('keeps its state in topics named after its group, replicated as the cluster allows', () => {
    const one = properties(1);
    expect(one.get('offset.storage.topic')).toBe('orderflow-connect.offsets');
    expect(one.get('config.storage.topic')).toBe('orderflow-connect.configs');
    expect(one.get('offset.storage.replication.factor')).toBe('1');
    const three = properties(3);
    expect(three.get('bootstrap.servers')).toBe('127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096');
    expect(three.get('status.storage.replication.factor')).toBe('3');
  });

  it('passes record values through as bytes and finds plugins by their manifests', () => {
    const worker = properties(1);
    expect(worker.get('value.converter')).toBe('org.apache.kafka.connect.converters.ByteArrayConverter');
    expect(worker.get('plugin.discovery')).toBe('service_load');
    expect(worker.get('listeners')).toBe('http://127.0.0.1:18083');
  });
});
