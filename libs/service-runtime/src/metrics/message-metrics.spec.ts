import { Registry } from 'prom-client';

import { createHttpMetrics } from './http-metrics';
import { createMessageMetrics } from './message-metrics';

const lines = async (registry: Registry): Promise<string[]> =>
  (await registry.metrics()).split('\n').filter((line) => line !== '' && !line.startsWith('#'));

describe('message metrics', () => {
  it('counts outcomes, failures, retries and dead letters by group and topic under the documented names', async () => {
    const registry = new Registry();
    const metrics = createMessageMetrics({ registry });
    const labels = { group: 'payment', topic: 'inventory.reserved' };

    metrics.handled({ ...labels, outcome: 'processed' });
    metrics.handled({ ...labels, outcome: 'processed' });
    metrics.handled({ ...labels, outcome: 'retry' });
    metrics.failed({ ...labels, errorCode: 'UNCLASSIFIED' });
    metrics.retried({ ...labels, tier: '1s' });
    metrics.deadLettered({ ...labels, reason: 'non-retriable' });

    expect(await lines(registry)).toEqual(
      expect.arrayContaining([
        'orderflow_messages_handled_total{group="payment",topic="inventory.reserved",outcome="processed"} 2',
        'orderflow_messages_handled_total{group="payment",topic="inventory.reserved",outcome="retry"} 1',
        'orderflow_messages_failed_total{group="payment",topic="inventory.reserved",error_code="UNCLASSIFIED"} 1',
        'orderflow_messages_retried_total{group="payment",topic="inventory.reserved",tier="1s"} 1',
        'orderflow_messages_dead_lettered_total{group="payment",topic="inventory.reserved",reason="non-retriable"} 1',
      ]),
    );
  });

  it('observes handler durations into the histogram', async () => {
    const registry = new Registry();
    createMessageMetrics({ registry }).handlerDuration({ group: 'payment', topic: 'order.created' }, 0.02);

    const observed = await lines(registry);
    expect(observed).toContain(
      'orderflow_handler_duration_seconds_bucket{le="0.025",group="payment",topic="order.created"} 1',
    );
    expect(observed).toContain(
      'orderflow_handler_duration_seconds_bucket{le="0.01",group="payment",topic="order.created"} 0',
    );
    expect(observed).toContain(
      'orderflow_handler_duration_seconds_count{group="payment",topic="order.created"} 1',
    );
  });

  it('keeps each registry separate, so two services in one process do not collide', () => {
    expect(() => {
      createMessageMetrics({ registry: new Registry() });
      createMessageMetrics({ registry: new Registry() });
    }).not.toThrow();
  });
});

describe('http metrics', () => {
  it('labels requests by route pattern and status', async () => {
    const registry = new Registry();
    createHttpMetrics({ registry }).requestFinished(
      { method: 'GET', route: '/orders/:id', status: 404 },
      0.003,
    );

    const observed = await lines(registry);
    expect(observed).toContain(
      'orderflow_http_requests_total{method="GET",route="/orders/:id",status="404"} 1',
    );
    expect(observed).toContain(
      'orderflow_http_request_duration_seconds_count{method="GET",route="/orders/:id"} 1',
    );
  });
});
