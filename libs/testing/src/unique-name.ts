import { randomBytes } from 'node:crypto';

/**
 * A name no other test, run or worker uses: tests create their own topics, groups and subjects under it,
 * so they run in parallel against one shared broker and registry.
 */
export const uniqueName = (label: string): string =>
  `t-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
