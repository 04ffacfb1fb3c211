import { parseAvroSchema } from '@orderflow/contracts';

import { incompatibilityReasons } from './compatibility-reasons';
import type { CompatibilityMode } from './compatibility-mode';

const v1Fields = [
  { name: 'orderId', type: 'string' },
  {
    name: 'items',
    type: {
      type: 'array',
      items: { type: 'record', name: 'Item', fields: [{ name: 'quantity', type: 'int' }] },
    },
  },
  { name: 'channel', type: { type: 'enum', name: 'Channel', symbols: ['EMAIL', 'PUSH'] } },
];

const version = (label: string, fields: object[]) => ({
  label,
  type: parseAvroSchema({ type: 'record', name: 'Order', namespace: 'test', fields }),
});

const v1 = version('v1', v1Fields);
const withField = (label: string, field: object) => version(label, [...v1Fields, field]);

const reasons = (mode: CompatibilityMode, candidate: ReturnType<typeof version>, previous = [v1]): string[] =>
  incompatibilityReasons({ mode, candidate, previous });

describe('incompatibilityReasons', () => {
  it('names a field added without a default under BACKWARD', () => {
    expect(reasons('BACKWARD', withField('v2', { name: 'customerId', type: 'string' }))).toEqual([
      'v2 cannot read data written with v1: field Order.customerId has no default and v1 does not write it',
    ]);
  });

  it('accepts a field added with a default under FULL', () => {
    expect(reasons('FULL', withField('v2', { name: 'customerId', type: 'string', default: '' }))).toEqual([]);
  });

  it('names the nested field whose type changed', () => {
    const changed = version('v2', [
      v1Fields[0] as object,
      {
        name: 'items',
        type: {
          type: 'array',
          items: { type: 'record', name: 'Item', fields: [{ name: 'quantity', type: 'string' }] },
        },
      },
      v1Fields[2] as object,
    ]);
    expect(reasons('BACKWARD', changed)).toEqual([
      'v2 cannot read data written with v1: Order.items[].quantity: cannot read "int" as "string"',
    ]);
  });

  it('checks the other direction under FORWARD: a removed field old readers need', () => {
    const removed = version('v2', v1Fields.slice(1));
    expect(reasons('BACKWARD', removed)).toEqual([]);
    expect(reasons('FORWARD', removed)).toEqual([
      'v1 cannot read data written with v2: field Order.orderId has no default and v2 does not write it',
    ]);
  });

  it('names enum symbols old readers cannot map', () => {
    const wider = version('v2', [
      ...v1Fields.slice(0, 2),
      { name: 'channel', type: { type: 'enum', name: 'Channel', symbols: ['EMAIL', 'PUSH', 'SMS'] } },
    ]);
    expect(reasons('FORWARD', wider)).toEqual([
      'v1 cannot read data written with v2: enum Order.channel (Channel) has no default and lacks symbols SMS that v2 may write',
    ]);
  });

  it('reports both directions under FULL and nothing under NONE', () => {
    const candidate = withField('v2', { name: 'customerId', type: 'string' });
    expect(reasons('FULL', version('v2', v1Fields.slice(1)))).toHaveLength(1);
    expect(reasons('NONE', candidate)).toEqual([]);
  });

  it('compares with every earlier version only when transitive', () => {
    // v2 added customerId with a default; v3 drops the default: fine against v2, not against v1.
    const v2 = withField('v2', { name: 'customerId', type: 'string', default: '' });
    const v3 = withField('v3', { name: 'customerId', type: 'string' });
    expect(reasons('BACKWARD', v3, [v1, v2])).toEqual([]);
    expect(reasons('BACKWARD_TRANSITIVE', v3, [v1, v2])).toEqual([
      'v3 cannot read data written with v1: field Order.customerId has no default and v1 does not write it',
    ]);
  });
});
