/**
 * Count, checksum and duplicates of the keys a row produced or consumed. The checksum is an order-free
 * sum and xor of a 32-bit FNV-1a hash per key: equal tallies mean the same multiset of keys with
 * overwhelming probability, and a duplicate changes the sum even where the xor cancels out.
 */
export interface KeyTally {
  count: number;
  sum: number;
  xor: number;
  /** Keys seen more than once (only counted when the tally tracks distinct keys). */
  duplicates: number;
}

export const fnv1a = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
};

export interface KeyTallier {
  add(key: string): void;
  readonly tally: KeyTally;
}

export const createKeyTallier = ({ trackDistinct = true }: { trackDistinct?: boolean } = {}): KeyTallier => {
  const seen = trackDistinct ? new Set<string>() : undefined;
  const tally: KeyTally = { count: 0, sum: 0, xor: 0, duplicates: 0 };
  return {
    add(key) {
      const hash = fnv1a(key);
      tally.count += 1;
      tally.sum = (tally.sum + hash) >>> 0;
      tally.xor = (tally.xor ^ hash) >>> 0;
      if (seen?.has(key)) tally.duplicates += 1;
      seen?.add(key);
    },
    tally,
  };
};

export const tallyOf = (keys: Iterable<string>): KeyTally => {
  const tallier = createKeyTallier();
  for (const key of keys) tallier.add(key);
  return tallier.tally;
};

const hex = (value: number): string => value.toString(16).padStart(8, '0');

/** The gate of a row: what went in came out, once each. */
export const compareTallies = (
  expected: KeyTally,
  actual: KeyTally,
  { duplicatesAllowed = false }: { duplicatesAllowed?: boolean } = {},
): { ok: boolean; detail: string } => {
  const problems: string[] = [];
  if (actual.count !== expected.count) problems.push(`${expected.count} in ≠ ${actual.count} out`);
  if (actual.sum !== expected.sum || actual.xor !== expected.xor) {
    problems.push(
      `key checksum ${hex(actual.sum)}/${hex(actual.xor)} ≠ ${hex(expected.sum)}/${hex(expected.xor)}`,
    );
  }
  if (!duplicatesAllowed && actual.duplicates > 0) problems.push(`${actual.duplicates} duplicates`);
  if (problems.length > 0) return { ok: false, detail: problems.join('; ') };
  return {
    ok: true,
    detail: `${actual.count} in = out, key checksum ${hex(actual.sum)}/${hex(actual.xor)}, 0 duplicates`,
  };
};
