import { projectPaths, readEnvFile } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';

const invalidUrl = (origin: string, problem: string): OrderflowError =>
  new OrderflowError(
    'CONFIG_INVALID',
    `KAFKA_CONNECT_URL from ${origin} is ${problem}. ` +
      'Set KAFKA_CONNECT_URL, or start the embedded stack with `npm run stack:up`.',
    { context: { key: 'KAFKA_CONNECT_URL' } },
  );

/**
 * The Kafka Connect worker KAFKA_CONNECT_URL names in the environment, else in what `stack:up` wrote to
 * .stack/env; undefined when neither names one (a service that can do without a worker), an error when
 * the value is not an http(s) URL.
 */
export const findConnectUrl = (
  env: Record<string, string | undefined> = process.env,
  stackEnvFile = projectPaths().stackEnvFile,
): string | undefined => {
  const fromEnv = env.KAFKA_CONNECT_URL !== undefined && env.KAFKA_CONNECT_URL !== '';
  const value = fromEnv ? env.KAFKA_CONNECT_URL : readEnvFile(stackEnvFile).KAFKA_CONNECT_URL;
  if (value === undefined) return undefined;
  if (!/^https?:\/\/\S+$/.test(value)) {
    throw invalidUrl(fromEnv ? 'the environment' : stackEnvFile, 'not an http(s) URL');
  }
  return value.replace(/\/+$/, '');
};

/** The Kafka Connect worker to use (as findConnectUrl), for the commands that cannot do without one. */
export const resolveConnectUrl = (
  env: Record<string, string | undefined> = process.env,
  stackEnvFile = projectPaths().stackEnvFile,
): string => {
  const url = findConnectUrl(env, stackEnvFile);
  if (url === undefined) throw invalidUrl(stackEnvFile, 'missing');
  return url;
};
