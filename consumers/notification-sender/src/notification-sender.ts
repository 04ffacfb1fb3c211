import type { Notification } from '@orderflow/notification';

/**
 * Where notifications go. The default senders are sinks (a JSON-lines file, the log); a real e-mail or
 * push gateway implements the same interface and is provided under NOTIFICATION_SENDER.
 * `send` resolves once the message is accepted; it throws (retriable) when it was not.
 */
export interface NotificationSender {
  send(notification: Notification): Promise<void>;
}
