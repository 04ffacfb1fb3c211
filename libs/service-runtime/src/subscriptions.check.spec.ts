import { isOrderflowError } from '@orderflow/errors';

import { checkSubscriptions } from './subscriptions.check';

const group = { name: 'notification', topics: ['inventory.rejected', 'payment.completed'] };

const failure = (handled: string[]): unknown => {
  try {
    checkSubscriptions(group, handled);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('checkSubscriptions', () => {
  it('accepts handlers that name exactly the declared topics, in any order', () => {
    expect(() => checkSubscriptions(group, ['payment.completed', 'inventory.rejected'])).not.toThrow();
  });

  it('names a handled topic that topics.yaml does not give the group', () => {
    const error = failure(['inventory.rejected', 'payment.completed', 'payment.failed']);
    expect(isOrderflowError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toContain('handled but not declared in topics.yaml: payment.failed');
  });

  it('names a declared topic that no handler reads', () => {
    const error = failure(['inventory.rejected']);
    expect(isOrderflowError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toContain(
      'declared in topics.yaml but without an @EventPattern handler: payment.completed',
    );
  });
});
