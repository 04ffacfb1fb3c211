import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isOrderflowError } from '@orderflow/errors';

import { findConnectUrl, resolveConnectUrl } from './connect-url';

const stackEnv = (content: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'orderflow-connect-url-')), 'env');
  writeFileSync(file, content);
  return file;
};

describe('the Kafka Connect URL', () => {
  it('takes the environment over .stack/env, without a trailing slash', () => {
    const file = stackEnv('KAFKA_CONNECT_URL=http://127.0.0.1:18083\n');
    expect(findConnectUrl({ KAFKA_CONNECT_URL: 'http://connect:8083/' }, file)).toBe('http://connect:8083');
    expect(findConnectUrl({ KAFKA_CONNECT_URL: '' }, file)).toBe('http://127.0.0.1:18083');
  });

  it('is undefined for a service when nothing names a worker, and missing for the CLI', () => {
    const file = stackEnv('DATABASE_URL=postgres://x@h/db\n');
    expect(findConnectUrl({}, file)).toBeUndefined();
    expect(() => resolveConnectUrl({}, file)).toThrow(/KAFKA_CONNECT_URL from .* is missing/);
  });

  it('stops the boot on a value that is not an http(s) URL, naming the key', () => {
    let caught: unknown;
    try {
      findConnectUrl({ KAFKA_CONNECT_URL: '127.0.0.1:8083' }, stackEnv(''));
    } catch (error) {
      caught = error;
    }
    expect(isOrderflowError(caught, 'CONFIG_INVALID') && caught.context).toEqual({
      key: 'KAFKA_CONNECT_URL',
    });
  });
});
