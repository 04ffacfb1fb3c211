import { runKeyOrdered } from './key-ordered-batch';

interface Item {
  key: string;
  id: number;
}

const items = (keys: string): Item[] => [...keys].map((key, id) => ({ key, id }));

/** Work whose completions the test releases by hand, recording what started and finished. */
const controlledWork = () => {
  const started: number[] = [];
  const finished: number[] = [];
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const work = (item: Item) =>
    new Promise<void>((resolve, reject) => {
      started.push(item.id);
      pending.set(item.id, {
        resolve: () => {
          finished.push(item.id);
          resolve();
        },
        reject,
      });
    });
  const settle = async (id: number, error?: Error): Promise<void> => {
    const entry = pending.get(id);
    if (!entry) throw new Error(`item ${id} has not started`);
    pending.delete(id);
    if (error) entry.reject(error);
    else entry.resolve();
    // Let the runner's continuations start the next records.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, finished, work, settle };
};

describe('runKeyOrdered', () => {
  it('starts one record per key at once, up to the limit, and a key’s next record only after its previous', async () => {
    const control = controlledWork();
    const run = runKeyOrdered({
      records: items('aabac'),
      keyOf: (item) => item.key,
      keysInFlight: 2,
      work: control.work,
      mayStart: () => true,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(control.started).toEqual([0, 2]); // a's first and b; c waits for a free slot
    await control.settle(2); // b done: its slot takes the next key, c
    expect(control.started).toEqual([0, 2, 4]);
    await control.settle(0); // a's second record (1) starts only now
    expect(control.started).toEqual([0, 2, 4, 1]);
    await control.settle(1);
    expect(control.started).toEqual([0, 2, 4, 1, 3]);
    await control.settle(3);
    await control.settle(4);
    await expect(run).resolves.toEqual({ completedPrefix: 5, deferred: 0 });
    expect(control.finished).toEqual([2, 0, 1, 3, 4]);
  });

  it('after a failure starts nothing new, lets work in flight finish and reports the completed prefix', async () => {
    const control = controlledWork();
    const failure = new Error('Redis is down');
    const run = runKeyOrdered({
      records: items('abcab'),
      keyOf: (item) => item.key,
      keysInFlight: 3,
      work: control.work,
      mayStart: () => true,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(control.started).toEqual([0, 1, 2]);
    await control.settle(0);
    expect(control.started).toEqual([0, 1, 2, 3]);
    await control.settle(1, failure); // b fails: its later record (4) must never start
    await control.settle(2);
    await control.settle(3);
    await expect(run).resolves.toEqual({ completedPrefix: 1, deferred: 0, error: failure });
    expect(control.started).toEqual([0, 1, 2, 3]);
  });

  it('works one record at a time with one key in flight, each key’s records in log order', async () => {
    const order: number[] = [];
    const outcome = await runKeyOrdered({
      records: items('abcabc'),
      keyOf: (item) => item.key,
      keysInFlight: 1,
      work: (item) => Promise.resolve(void order.push(item.id)),
      mayStart: () => true,
    });
    expect(outcome).toEqual({ completedPrefix: 6, deferred: 0 });
    // One key at a time: all of a, then b, then c.
    expect(order).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('stops starting records once mayStart says no, without reporting a failure', async () => {
    let budget = 2;
    const outcome = await runKeyOrdered({
      records: items('aab'),
      keyOf: (item) => item.key,
      keysInFlight: 1,
      work: () => Promise.resolve(),
      mayStart: () => budget-- > 0,
    });
    expect(outcome).toEqual({ completedPrefix: 2, deferred: 0 });
  });

  it('a deferred record ends its key’s chain, not the batch: other keys complete, the prefix stops before it (F10)', async () => {
    const order: number[] = [];
    const outcome = await runKeyOrdered({
      records: items('abab'),
      keyOf: (item) => item.key,
      keysInFlight: 2,
      work: (item) => {
        order.push(item.id);
        return Promise.resolve(item.id === 1 ? 'deferred' : undefined);
      },
      mayStart: () => true,
    });
    // b's first record (1) is deferred: b's second (3) never starts, a's records both complete.
    expect(order.sort()).toEqual([0, 1, 2]);
    expect(outcome).toEqual({ completedPrefix: 1, deferred: 1 });
  });
});
