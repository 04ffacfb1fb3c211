import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import { OrderflowError } from '@orderflow/errors';

import type { NotificationSender } from './notification-sender';
import type { Notification } from './notification.types';

/**
 * Appends each notification as one JSON line (with the time it was written) to a file, creating the folder
 * on first use. One short appendFile per line: lines from concurrent sends do not interleave.
 */
export class FileNotificationSender implements NotificationSender {
  private folderReady: Promise<unknown> | undefined;

  constructor(private readonly path: string) {}

  async send(notification: Notification): Promise<void> {
    try {
      await (this.folderReady ??= mkdir(dirname(this.path), { recursive: true }));
      await appendFile(this.path, `${JSON.stringify({ time: new Date().toISOString(), ...notification })}\n`);
    } catch (error) {
      this.folderReady = undefined;
      throw new OrderflowError(
        'DEPENDENCY_UNAVAILABLE',
        `Could not append the notification to ${this.path}: check that the folder is writable, ` +
          'or set NOTIFICATION_SINK_FILE / NOTIFICATION_SENDER=log.',
        { retriable: true, cause: error, context: { path: this.path, orderId: notification.orderId } },
      );
    }
  }
}
