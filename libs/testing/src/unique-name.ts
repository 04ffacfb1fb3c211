import { randomBytes } from 'node:crypto';

/**
 * A name no other test, run or worker uses: tests create their own topics, groups and subjects under it,
 * so they run in parallel against one shared broker and registry.
 */
export const uniqueName = (label: string): string =>
  `t-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

// `t-<label>-<base-36 milliseconds>-<6 hex>`, also as a database name (`_` for `-`) and as the start of a
// connector's name: the stamp is the last 8 base-36 characters before the random part.
const STAMPED = /^t[-_].*[-_]([0-9a-z]{8})[-_][0-9a-f]{6}(?:[._]|$)/;

/** When `uniqueName` minted `name` (or a name derived from it), or undefined when it is not one of its names. */
export const mintedAt = (name: string): Date | undefined => {
  const stamp = STAMPED.exec(name)?.[1];
  return stamp === undefined ? undefined : new Date(Number.parseInt(stamp, 36));
};
