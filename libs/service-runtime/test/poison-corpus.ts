import type { RecordHeaders } from '@orderflow/kafka';
import { framing, varint } from '@orderflow/testing';

export { arrayCountBomb, framing, manyHeaders, varint } from '@orderflow/testing';

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same corpus. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

export interface PoisonRecord {
  /** What makes it poison, for failure messages. */
  kind: string;
  value: Buffer | null;
  headers?: RecordHeaders;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const randomBytes = (random: () => number, length: number): Buffer =>
  Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));

// Names a hostile producer might set: our own failure headers (ignored on a source topic), prototype names.
const HEADER_NAMES = ['orderflow-attempts', 'orderflow-original-offset', '__proto__', 'constructor', 'x', ''];

/** Up to 20 headers: random names, some of ours and some prototype names, some repeated. */
export const randomHeaders = (random: () => number): RecordHeaders => {
  const headers: RecordHeaders = {};
  const count = Math.floor(random() * 21);
  for (let index = 0; index < count; index += 1) {
    const name = random() < 0.4 ? pick(random, HEADER_NAMES) : randomBytes(random, 6).toString('hex');
    const values = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      randomBytes(random, Math.floor(random() * 40)),
    );
    Object.defineProperty(headers, name, {
      value: values.length === 1 ? values[0] : values,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return headers;
};

/**
 * A value derived from a valid one: random bytes, a valid framing with a random body, or the valid
 * value with a few bytes flipped, a large count or length spliced in, cut short, or extended.
 */
export const mutatedValue = (random: () => number, valid: Buffer): { kind: string; value: Buffer } => {
  const schemaId = valid.readInt32BE(1);
  switch (Math.floor(random() * 6)) {
    case 0:
      return { kind: 'random bytes', value: randomBytes(random, Math.floor(random() * 300)) };
    case 1:
      return {
        kind: 'random body',
        value: Buffer.concat([framing(schemaId), randomBytes(random, Math.floor(random() * 200))]),
      };
    case 2: {
      const value = Buffer.from(valid);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips -= 1) {
        const at = 5 + Math.floor(random() * (value.length - 5));
        value[at] = Math.floor(random() * 256);
      }
      return { kind: 'flipped bytes', value };
    }
    case 3: {
      const at = 5 + Math.floor(random() * (valid.length - 5));
      const claim = varint(pick(random, [2 ** 31 - 1, -(2 ** 30), 2 ** 24, 1_000_000]));
      return {
        kind: 'large count spliced in',
        value: Buffer.concat([valid.subarray(0, at), claim, valid.subarray(at)]),
      };
    }
    case 4:
      return {
        kind: 'truncated',
        value: valid.subarray(0, 5 + Math.floor(random() * (valid.length - 5))),
      };
    default:
      return {
        kind: 'trailing bytes',
        value: Buffer.concat([valid, randomBytes(random, 1 + Math.floor(random() * 20))]),
      };
  }
};
