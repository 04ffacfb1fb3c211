import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { OnModuleDestroy } from '@nestjs/common';

import { OrderflowError } from '@orderflow/errors';

import type { NotificationSender } from './notification-sender';
import type { Notification } from '@orderflow/notification';

// How often the open file is compared with what the path names now (a rotated file, a switched link).
const PATH_CHECK_MS = 1_000;

/**
 * Appends each notification as one JSON line (with the time it was written) to a file, creating the folder
 * on first use. The file stays open in append mode (not opened and closed per line: that cost more than
 * the rest of a send); each line is one write, so lines from concurrent sends do not interleave.
 * The file is opened again after a failed write (a full disk that was cleaned up, a folder fixed) and when
 * the path names another file (log rotation, a symlink switched), checked at most once a second.
 */
export class FileNotificationSender implements NotificationSender, OnModuleDestroy {
  private file: Promise<FileHandle> | undefined;
  private checkedAt = 0;

  constructor(
    private readonly path: string,
    /** Tests move time past the path check. */
    private readonly clock: () => number = Date.now,
  ) {}

  async send(notification: Notification): Promise<void> {
    try {
      await this.reopenIfMoved();
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

  private async reopenIfMoved(): Promise<void> {
    if (this.file === undefined || this.clock() - this.checkedAt < PATH_CHECK_MS) return;
    this.checkedAt = this.clock();
    const [named, opened] = await Promise.all([
      stat(this.path).catch(() => undefined),
      this.file.then((handle) => handle.stat()),
    ]);
    if (named?.ino !== opened.ino || named.dev !== opened.dev) await this.close();
  }

  private async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.then((handle) => handle.close()).catch(() => undefined);
  }
}
