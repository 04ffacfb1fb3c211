import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { OnModuleDestroy } from '@nestjs/common';

import { OrderflowError } from '@orderflow/errors';

import type { NotificationSender } from './notification-sender';
import type { Notification } from './notification.types';

/**
 * Appends each notification as one JSON line (with the time it was written) to a file, creating the folder
 * on first use. The file stays open in append mode (not opened and closed per line: that cost more than
 * the rest of a send); each line is one write, so lines from concurrent sends do not interleave.
 */
export class FileNotificationSender implements NotificationSender, OnModuleDestroy {
  private file: Promise<FileHandle> | undefined;

  constructor(private readonly path: string) {}

  async send(notification: Notification): Promise<void> {
    try {
      this.file ??= mkdir(dirname(this.path), { recursive: true }).then(() => open(this.path, 'a'));
      const file = await this.file;
      await file.write(`${JSON.stringify({ time: new Date().toISOString(), ...notification })}\n`);
    } catch (error) {
      // The next send opens the file again: the folder may have been fixed meanwhile.
      await this.close();
      throw new OrderflowError(
        'DEPENDENCY_UNAVAILABLE',
        `Could not append the notification to ${this.path}: check that the folder is writable, ` +
          'or set NOTIFICATION_SINK_FILE / NOTIFICATION_SENDER=log.',
        { retriable: true, cause: error, context: { path: this.path, orderId: notification.orderId } },
      );
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  private async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.then((handle) => handle.close()).catch(() => undefined);
  }
}
