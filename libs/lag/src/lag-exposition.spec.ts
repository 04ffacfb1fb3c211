import { renderLagExposition } from './lag-exposition';

describe('renderLagExposition', () => {
  it("prints kafka_exporter's metric and label names, labels in its order", async () => {
    const text = await renderLagExposition({
      timestampMs: 0,
      groups: [
        {
          group: 'payment',
          members: 0,
          status: 'stopped',
          maxLagSeconds: 12.5,
          partitions: [
            { topic: 'orders', partition: 1, committedOffset: 3, logEndOffset: 10, lag: 7, lagSeconds: 12.5 },
          ],
        },
      ],
      topics: [{ topic: 'orders', partition: 1, logEndOffset: 10, oldestOffset: 2 }],
    });

    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'kafka_consumergroup_current_offset{consumergroup="payment",partition="1",topic="orders"} 3',
        'kafka_consumergroup_lag{consumergroup="payment",partition="1",topic="orders"} 7',
        'kafka_consumergroup_lag_seconds{consumergroup="payment",partition="1",topic="orders"} 12.5',
        'kafka_consumergroup_max_lag_seconds{consumergroup="payment"} 12.5',
        'kafka_consumergroup_members{consumergroup="payment"} 0',
        'kafka_consumergroup_status{consumergroup="payment",status="ok"} 0',
        'kafka_consumergroup_status{consumergroup="payment",status="stalled"} 0',
        'kafka_consumergroup_status{consumergroup="payment",status="stopped"} 1',
        'kafka_topic_partition_current_offset{partition="1",topic="orders"} 10',
        'kafka_topic_partition_oldest_offset{partition="1",topic="orders"} 2',
        '# TYPE kafka_consumergroup_lag gauge',
      ]),
    );
  });
});
