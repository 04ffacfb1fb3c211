import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isOrderflowError } from '@orderflow/errors';
import { createLogger } from '@orderflow/logging';

import { createNotificationSender } from './create-notification-sender';
import { FileNotificationSender } from './file-notification.sender';
import { LogNotificationSender } from './log-notification.sender';
import type { Notification } from './notification.types';

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
