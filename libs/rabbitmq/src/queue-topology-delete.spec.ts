import { loadQueueTopology } from './queue-topology';
import { unprefixedNames } from './queue-topology-delete';

describe('deleting a prefixed copy of queues.yaml', () => {
  it('finds nothing outside the prefix of a copy loaded with it', () => {
    expect(unprefixedNames(loadQueueTopology('bench-r6-1.'), 'bench-r6-1.')).toEqual([]);
  });

  it('names every queue and exchange of the real topology, which no prefix or another prefix covers', () => {
    const real = loadQueueTopology();
    expect(unprefixedNames(real, '')).toContain('notification.send');
    expect(unprefixedNames(real, 'bench-r6-1.')).toEqual(
      expect.arrayContaining(['notifications', 'notification.send', 'notification.send.dlq']),
    );
  });
});
