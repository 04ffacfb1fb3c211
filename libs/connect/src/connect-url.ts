import { projectPaths, readEnvFile } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';

/**
 * The Kafka Connect worker to use: KAFKA_CONNECT_URL from the environment wins, else what `stack:up`
 * wrote to .stack/env.
 */
export const resolveConnectUrl = (
  env: Record<string, string | undefined> = process.env,
  stackEnvFile = projectPaths().stackEnvFile,
): string => {
  const fromEnv = env.KAFKA_CONNECT_URL !== undefined && env.KAFKA_CONNECT_URL !== '';
  const value = fromEnv ? env.KAFKA_CONNECT_URL : readEnvFile(stackEnvFile).KAFKA_CONNECT_URL;
  if (value === undefined || !/^https?:\/\/\S+$/.test(value)) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      `KAFKA_CONNECT_URL from ${fromEnv ? 'the environment' : stackEnvFile} is ${value === undefined ? 'missing' : 'not an http(s) URL'}. ` +
        'Set KAFKA_CONNECT_URL, or start the embedded stack with `npm run stack:up`.',
      { context: { key: 'KAFKA_CONNECT_URL' } },
    );
  }
  return value.replace(/\/+$/, '');
};
