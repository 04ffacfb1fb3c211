import 'reflect-metadata';

import { createLogger } from '@orderflow/logging';

import { readAnalyticsConfig } from './analytics.config';
import { startAnalytics } from './start-analytics';

const logger = createLogger({ service: 'analytics' });

const main = async (): Promise<void> => {
  const config = readAnalyticsConfig(process.env);
  const service = await startAnalytics(config);
  const stop = (signal: NodeJS.Signals): void => {
    logger.info('stopping', { signal });
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('graceful stop failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: unknown) => {
  logger.error('analytics failed to start', { error });
  process.exit(1);
});
