import { OrderflowError } from '@orderflow/errors';

import { createLogger } from './json-logger';
import { withLogContext } from './log-context';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
};

describe('createLogger', () => {
  it('writes one JSON object per line with the service, level, message and the context of the unit of work', () => {
    const { lines, write } = capture();
    const logger = createLogger({ service: 'inventory', write });
    withLogContext({ correlationId: 'corr-1' }, () =>
      withLogContext({ causationId: 'evt-1' }, () =>
        logger.child({ component: 'stock' }).info('reserved', { orderId: 'o-1' }),
      ),
    );
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'inventory',
        msg: 'reserved',
        correlationId: 'corr-1',
        causationId: 'evt-1',
        component: 'stock',
        orderId: 'o-1',
      }),
    ]);
    expect(typeof lines[0]?.time).toBe('string');
  });

  it('drops lines below its level', () => {
    const { lines, write } = capture();
    const logger = createLogger({ service: 's', level: 'warn', write });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });

  it('expands errors with their code and context', () => {
    const { lines, write } = capture();
    createLogger({ service: 's', write }).error('failed', {
      error: new OrderflowError('DEPENDENCY_UNAVAILABLE', 'Redis down', {
        retriable: true,
        context: { dependency: 'Redis' },
      }),
    });
    expect(lines[0]?.error).toEqual(
      expect.objectContaining({
        name: 'OrderflowError',
        message: 'Redis down',
        code: 'DEPENDENCY_UNAVAILABLE',
        retriable: true,
        context: { dependency: 'Redis' },
      }),
    );
  });
});
