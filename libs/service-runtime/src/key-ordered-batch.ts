/** What became of a batch run by `runKeyOrdered`. */
export interface KeyOrderedOutcome {
  /**
   * How many records, counted from the batch's first, all completed: the offset of the last of them may be
   * committed. Records after it may have completed too (other keys); they are read again and found done.
   */
  completedPrefix: number;
  /** The first failure, if a record's work rejected: its key's later records were not started. */
  error?: Error;
  /** Records whose work answered 'deferred': each ended its key's chain, the batch went on. */
  deferred: number;
}

export interface KeyOrderedOptions<T> {
  /** Records in log order. */
  records: readonly T[];
  keyOf: (record: T) => string;
  /** Keys worked on at once; 1 works one record at a time (key after key, each in log order). */
  keysInFlight: number;
  /**
   * 'deferred' leaves the record not done and starts none of its key's later records (they must not
   * overtake it), while other keys go on: a wait that belongs outside the batch.
   */
  work: (record: T) => Promise<void | 'deferred'>;
  /** Checked before each record starts: false (consumer stopping, partition revoked) starts no more. */
  mayStart: () => boolean;
}

/**
 * Works through a fetched batch with several keys in flight while each key's records run strictly one
 * after another in log order: the per-key ordering Kafka's keying promises, without one slow record
 * holding up every other order on its partition. After a failure nothing new starts; work in flight
 * finishes, so the caller learns exactly which leading records are done.
 */
export const runKeyOrdered = async <T>({
  records,
  keyOf,
  keysInFlight,
  work,
  mayStart,
}: KeyOrderedOptions<T>): Promise<KeyOrderedOutcome> => {
  const positionsByKey = new Map<string, number[]>();
  records.forEach((record, position) => {
    const key = keyOf(record);
    const positions = positionsByKey.get(key);
    if (positions) positions.push(position);
    else positionsByKey.set(key, [position]);
  });
  const queues = [...positionsByKey.values()];
  const completed = new Array<boolean>(records.length).fill(false);
  let failure: { error: Error } | undefined;
  let deferred = 0;
  let nextQueue = 0;

  const worker = async (): Promise<void> => {
    while (failure === undefined && nextQueue < queues.length) {
      const positions = queues[nextQueue++]!;
      for (const position of positions) {
        if (failure !== undefined || !mayStart()) return;
        try {
          if ((await work(records[position]!)) === 'deferred') {
            deferred++;
            break;
          }
          completed[position] = true;
        } catch (error) {
          failure ??= { error: error instanceof Error ? error : new Error(String(error)) };
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(keysInFlight, queues.length) }, worker));

  const firstIncomplete = completed.indexOf(false);
  return {
    completedPrefix: firstIncomplete === -1 ? records.length : firstIncomplete,
    deferred,
    ...(failure ? { error: failure.error } : {}),
  };
};
