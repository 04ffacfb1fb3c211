import { createHash } from 'node:crypto';

// Object keys sorted at every level, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request.
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
};

/** SHA-256 of the body's canonical JSON: what an Idempotency-Key is bound to. */
export const bodyHash = (body: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(body)) ?? '')
    .digest('hex');
