import { startService, type RunningService, type StartServiceOptions } from '@orderflow/consumer-runtime';

import type { NotificationConfig } from './notification.config';
import { NotificationModule, type NotificationModuleOptions } from './notification.module';

export type StartNotificationOptions = NotificationModuleOptions &
  Omit<StartServiceOptions, 'module' | 'runtime'>;

/**
 * Starts the notification service; in-process too (end-to-end tests pass a config with a test topic
 * prefix, and may pass a sender that captures what is sent or a topics declaration with short retry tiers).
 */
export const startNotification = (
  config: NotificationConfig,
  { sender, ...options }: StartNotificationOptions = {},
): Promise<RunningService> =>
  startService({
    ...options,
    module: NotificationModule.forRoot(config, { sender }),
    runtime: config.runtime,
  });
