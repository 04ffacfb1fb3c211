import { randomBytes } from 'node:crypto';

// W3C Trace Context: version-traceid-parentid-flags, lowercase hex.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

const spanId = (): string => randomBytes(8).toString('hex');

/** A new trace, sampled. */
export const newTraceparent = (): string => `00-${randomBytes(16).toString('hex')}-${spanId()}-01`;

/** The same trace with a new span for work caused by `parent`; a missing or malformed parent starts a trace. */
export const childTraceparent = (parent: string | undefined): string => {
  const match = parent === undefined ? null : TRACEPARENT.exec(parent);
  return match ? `00-${match[1]}-${spanId()}-${match[3]}` : newTraceparent();
};
