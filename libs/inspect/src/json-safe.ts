/**
 * Avro `bytes`/`fixed` decode to Buffers, which JSON.stringify would spell out as an array of numbers;
 * hex is what people compare with other tools. Longs beyond 2^53 (bigint) become strings.
 */
export const toJsonSafe = (value: unknown): unknown => {
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, toJsonSafe(field)]));
  }
  return value;
};
