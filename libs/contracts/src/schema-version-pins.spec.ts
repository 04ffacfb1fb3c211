import { isOrderflowError } from '@orderflow/errors';

import { loadSchemaCatalog } from './schema-catalog';
import { parseSchemaVersionPins, pinSchemaVersions } from './schema-version-pins';

describe('schema version pins', () => {
  it('parses topic=version pairs, and nothing from an empty setting', () => {
    expect(parseSchemaVersionPins('order.created=1, analytics.order-metrics=2', 'PINS')).toEqual({
      'order.created': 1,
      'analytics.order-metrics': 2,
    });
    expect(parseSchemaVersionPins(undefined, 'PINS')).toEqual({});
    expect(parseSchemaVersionPins('', 'PINS')).toEqual({});
  });

  it.each(['order.created', 'order.created=0', 'order.created=v1', '=1'])(
    'refuses %p with CONFIG_INVALID naming the setting',
    (text) => {
      let error: unknown;
      try {
        parseSchemaVersionPins(text, 'PINS');
      } catch (caught) {
        error = caught;
      }
      expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toContain('PINS entry');
    },
  );

  it('makes the pinned version the latest of its topic and leaves the others alone', () => {
    const catalog = loadSchemaCatalog();
    const pinned = pinSchemaVersions(catalog, { 'order.created': 1 });
    const orderCreated = pinned.get('order.created');
    expect(orderCreated.latest.file).toBe('schemas/order.created/v1.avsc');
    expect(orderCreated.versions.map(({ version }) => version)).toEqual([1]);
    expect(pinned.get('payment.completed')).toBe(catalog.get('payment.completed'));
    expect(pinned.topicOfRecord('io.orderflow.events.OrderCreated')).toBe('order.created');
  });

  it('refuses a pin to a version schemas/ does not hold', () => {
    expect(() => pinSchemaVersions(loadSchemaCatalog(), { 'order.created': 9 })).toThrow(
      'Cannot pin order.created to v9',
    );
  });
});
