import type { ProducerRecord } from './reliable-producer';

/** A request's deadline passed before it settled; what it sent, if anything, has an unknown fate. */
export class DeadlinePassed extends Error {}

export const withDeadline = async <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed(`no acknowledgement within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
};

export const groupBy = <T, K>(items: T[], keyOf: (item: T) => K): T[][] => {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
};

const byteLength = (data: string | Buffer | null | undefined): number =>
  data === null || data === undefined ? 0 : typeof data === 'string' ? Buffer.byteLength(data) : data.length;

/** A record's size in a batch, headers and framing (about 70 bytes at most) included. */
export const recordSize = ({ key, value, headers }: ProducerRecord): number =>
  70 +
  byteLength(key) +
  byteLength(value) +
  Object.entries(headers).reduce(
    (sum, [name, header]) =>
      sum +
      byteLength(name) +
      (Array.isArray(header) ? header.reduce((s, h) => s + byteLength(h), 0) : byteLength(header)),
    0,
  );
