import { join } from 'node:path';

import { isOrderflowError } from '@orderflow/errors';

import {
  databasePlaceholders,
  loadConnectorDefinitions,
  renderConnectorConfig,
  type ConnectorDefinition,
} from './connector-definitions';

const definition = (config: Record<string, string>): ConnectorDefinition => ({
  name: 'relay',
  file: 'connectors/relay.yaml',
  config,
});

describe('connector definitions', () => {
  it('fills in {{NAME}} placeholders and leaves Connect’s own ${…} alone', () => {
    const config = renderConnectorConfig(
      definition({ 'database.hostname': '{{DATABASE_HOST}}', route: '{{TOPIC_PREFIX}}${routedByValue}' }),
      { DATABASE_HOST: '127.0.0.1', TOPIC_PREFIX: 't-1.' },
    );
    expect(config).toEqual({ 'database.hostname': '127.0.0.1', route: 't-1.${routedByValue}' });
  });

  it('names every placeholder without a value instead of sending an empty one', () => {
    let caught: unknown;
    try {
      renderConnectorConfig(definition({ a: '{{DATABASE_HOST}}', b: '{{NOPE}}-{{ALSO_NOPE}}' }), {
        DATABASE_HOST: 'h',
      });
    } catch (error) {
      caught = error;
    }
    expect(isOrderflowError(caught) && caught.code).toBe('CONFIG_INVALID');
    expect((caught as Error).message).toContain('{{NOPE}}, {{ALSO_NOPE}}');
  });

  it('reads the parts of a DATABASE_URL, percent-decoded, with the default port', () => {
    expect(databasePlaceholders('postgres://cdc:p%40ss@db.example:6543/orderflow')).toEqual({
      DATABASE_HOST: 'db.example',
      DATABASE_PORT: '6543',
      DATABASE_USER: 'cdc',
      DATABASE_PASSWORD: 'p@ss',
      DATABASE_NAME: 'orderflow',
    });
    expect(databasePlaceholders('postgresql://orderflow@127.0.0.1/orderflow').DATABASE_PORT).toBe('5432');
  });

  it('declares the outbox relay with the runtime’s header names and every placeholder it needs', () => {
    const [relay] = loadConnectorDefinitions(join(__dirname, '..', '..', '..', 'connectors'));
    expect(relay?.name).toBe('payments-outbox');
    const config = renderConnectorConfig(relay!, {
      ...databasePlaceholders('postgres://orderflow@127.0.0.1:15432/orderflow'),
      TOPIC_PREFIX: '',
    });
    expect(config['transforms.outbox.route.topic.replacement']).toBe('${routedByValue}');
    expect(config['transforms.outbox.table.fields.additional.placement']).toBe(
      'id:header:event-id,correlation_id:header:correlation-id,causation_id:header:causation-id,traceparent:header:traceparent',
    );
    expect(config['value.converter']).toBe('org.apache.kafka.connect.converters.ByteArrayConverter');
    expect(config['slot.name']).toBe('orderflow_outbox');
    expect(config['publication.name']).toBe('orderflow_outbox');
  });
});
