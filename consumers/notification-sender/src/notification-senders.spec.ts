import { mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isOrderflowError } from '@orderflow/errors';
import { createLogger } from '@orderflow/logging';

import { createNotificationSender } from './create-notification-sender';
import { FileNotificationSender } from './file-notification.sender';
import { LogNotificationSender } from './log-notification.sender';
import type { Notification } from '@orderflow/notification';

const notification = (orderId: string): Notification => ({
  orderId,
  kind: 'ORDER_CONFIRMED',
  channel: 'EMAIL',
  recipient: 'customer-1',
  subject: 'Order confirmed',
  body: 'Thanks',
});

describe('notification senders', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'orderflow-notification-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('the file sink creates its folder and appends one JSON line per notification, across a close', async () => {
    const path = join(folder, 'nested', 'notifications.jsonl');
    const sender = new FileNotificationSender(path);
    await Promise.all([sender.send(notification('o-1')), sender.send(notification('o-2'))]);
    // Closed at shutdown; a later send opens the file again and appends.
    await sender.onModuleDestroy();
    await sender.send(notification('o-3'));
    await sender.onModuleDestroy();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const parsed = lines.map((line) => JSON.parse(line) as Notification & { time: string });
    expect(parsed.map((entry) => entry.orderId).sort()).toEqual(['o-1', 'o-2', 'o-3']);
    expect(parsed[0]).toMatchObject({
      kind: 'ORDER_CONFIRMED',
      recipient: 'customer-1',
      subject: 'Order confirmed',
    });
    expect(Number.isNaN(Date.parse(parsed[0]?.time ?? ''))).toBe(false);
  });

  it('the file sink fails retriably when it cannot write', async () => {
    const blocker = join(folder, 'a-file');
    await writeFile(blocker, '');
    const error: unknown = await new FileNotificationSender(join(blocker, 'notifications.jsonl'))
      .send(notification('o-1'))
      .catch((caught: unknown) => caught);
    expect(isOrderflowError(error, 'DEPENDENCY_UNAVAILABLE')).toBe(true);
    expect((error as { retriable: boolean }).retriable).toBe(true);
  });

  it('the file sink heals from a full disk and follows its path to another file (a sink outage of the chaos suite)', async () => {
    const link = join(folder, 'sink.jsonl');
    // Switched atomically, as `ln -sfn` does: a new link renamed over the old one.
    const pointAt = async (target: string) => {
      await symlink(target, `${link}.new`);
      await rename(`${link}.new`, link);
    };
    const orderIds = async (path: string) =>
      (await readFile(path, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as Notification).orderId);
    let now = 0;
    const sender = new FileNotificationSender(link, () => now);
    const outcome = (orderId: string) =>
      sender.send(notification(orderId)).then(
        () => 'sent',
        (error: unknown) =>
          isOrderflowError(error, 'DEPENDENCY_UNAVAILABLE') ? 'retriable failure' : 'other',
      );

    await pointAt('/dev/full');
    expect(await outcome('o-1')).toBe('retriable failure');
    await pointAt(join(folder, 'first.jsonl'));
    // A failed write closed the file: the next send opens what the link names now.
    expect(await outcome('o-2')).toBe('sent');

    await pointAt('/dev/full');
    now += 1_000;
    expect(await outcome('o-3')).toBe('retriable failure');
    await pointAt(join(folder, 'second.jsonl'));
    expect(await outcome('o-4')).toBe('sent');
    // Rotated while healthy: followed once the path check is due, not before.
    await pointAt(join(folder, 'third.jsonl'));
    expect(await outcome('o-5')).toBe('sent');
    now += 1_000;
    expect(await outcome('o-6')).toBe('sent');
    await sender.onModuleDestroy();

    expect(await orderIds(join(folder, 'first.jsonl'))).toEqual(['o-2']);
    expect(await orderIds(join(folder, 'second.jsonl'))).toEqual(['o-4', 'o-5']);
    expect(await orderIds(join(folder, 'third.jsonl'))).toEqual(['o-6']);
  });

  it('the log sink writes a notification.delivered line', async () => {
    const lines: string[] = [];
    await new LogNotificationSender(
      createLogger({ service: 'notification', write: (line) => lines.push(line) }),
    ).send(notification('o-3'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      msg: 'notification.delivered',
      notification: { orderId: 'o-3' },
    });
  });

  it('NOTIFICATION_SENDER picks the sink', () => {
    const logger = createLogger({ service: 'notification', write: () => undefined });
    expect(createNotificationSender({ sender: 'file', sinkFile: join(folder, 'x') }, logger)).toBeInstanceOf(
      FileNotificationSender,
    );
    expect(createNotificationSender({ sender: 'log', sinkFile: join(folder, 'x') }, logger)).toBeInstanceOf(
      LogNotificationSender,
    );
  });
});
