import { createHash } from 'node:crypto';

/**
 * The id of the `index`-th follow-up a group emits for an input event: a pure function of its inputs, so
 * a re-emit after a crash (effects done, offset not yet committed) carries the same id and downstream
 * idempotency drops it. Shaped like a UUID (version nibble 5, RFC 4122 variant) for tools that expect one.
 */
export const deriveEventId = (inputEventId: string, group: string, index: number): string => {
  const hex = createHash('sha256').update(`${inputEventId}\u0000${group}\u0000${index}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
