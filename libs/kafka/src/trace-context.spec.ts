import { childTraceparent, newTraceparent } from './trace-context';

const FORMAT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('trace context', () => {
  it('starts a sampled W3C trace', () => {
    expect(newTraceparent()).toMatch(FORMAT);
  });

  it('keeps the trace id and takes a new span id for caused work', () => {
    const parent = newTraceparent();
    const child = childTraceparent(parent);
    expect(FORMAT.exec(child)?.[1]).toBe(FORMAT.exec(parent)?.[1]);
    expect(FORMAT.exec(child)?.[2]).not.toBe(FORMAT.exec(parent)?.[2]);
  });

  it('starts a new trace when the parent is missing or malformed', () => {
    expect(childTraceparent(undefined)).toMatch(FORMAT);
    expect(childTraceparent('not-a-traceparent')).toMatch(FORMAT);
  });
});
