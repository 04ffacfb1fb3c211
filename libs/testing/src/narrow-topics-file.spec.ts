import { consumerGroup, loadTopicsFile } from '@orderflow/topics';

import { narrowTopicsFile } from './narrow-topics-file';

describe('narrowTopicsFile', () => {
  const file = loadTopicsFile();

  it("keeps one group's subscriptions and its service's own topics, as topics.yaml declares them", () => {
    const narrow = narrowTopicsFile(file, { group: 'notification', partitions: 1, retry: ['500ms'] });
    expect(Object.keys(narrow.groups)).toEqual(['notification']);
    expect(Object.keys(narrow.topics).sort()).toEqual([
      'inventory.rejected',
      'notification.sent',
      'payment.completed',
      'payment.failed',
    ]);
    expect(consumerGroup({ file: narrow, name: 'notification' })?.topics).toEqual(
      consumerGroup({ file, name: 'notification' })?.topics,
    );
    expect(narrow.topics['notification.sent']?.consumers).toEqual([]);
    expect(narrow.groups.notification?.retry.map((delay) => delay.label)).toEqual(['500ms']);
    expect(narrow.defaults.partitions).toBe(1);
  });

  it('names a group topics.yaml does not declare', () => {
    expect(() => narrowTopicsFile(file, { group: 'shipping', partitions: 1 })).toThrow(
      'topics.yaml declares no group shipping.',
    );
  });
});
