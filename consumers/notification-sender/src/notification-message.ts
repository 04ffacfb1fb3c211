import type { NotificationChannel } from '@orderflow/contracts';

import type { Notification, NotificationRequest } from '@orderflow/notification';

/**
 * An amount in minor units as people read it, e.g. 12.34 EUR (0 decimals for JPY): Intl knows each
 * currency's minor unit. A code Intl does not know is shown in minor units rather than guessed.
 */
export const formatAmount = (amountCents: number, currency: string): string => {
  const digits = fractionDigits(currency);
  return digits === undefined
    ? `${amountCents} ${currency} (minor units)`
    : `${(amountCents / 10 ** digits).toFixed(digits)} ${currency}`;
};

// Building an Intl.NumberFormat costs more than the rest of a notification: once per currency.
const fractionDigitsByCurrency = new Map<string, number | undefined>();

const fractionDigits = (currency: string): number | undefined => {
  if (!fractionDigitsByCurrency.has(currency)) {
    let digits: number | undefined;
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = undefined;
    }
    fractionDigitsByCurrency.set(currency, digits);
  }
  return fractionDigitsByCurrency.get(currency);
};

const content = (request: NotificationRequest): Pick<Notification, 'subject' | 'body'> => {
  switch (request.kind) {
    case 'ORDER_CONFIRMED':
      return {
        subject: `Order ${request.orderId} is confirmed`,
        body:
          `We received your payment of ${formatAmount(request.amountCents, request.currency)} ` +
          `(payment ${request.paymentId}). Your order is on its way.`,
      };
    case 'ORDER_REJECTED':
      return {
        subject: `Order ${request.orderId} could not be accepted`,
        body:
          `We could not reserve your items (${request.reason}` +
          `${request.missingSkus.length > 0 ? `: ${request.missingSkus.join(', ')}` : ''}). ` +
          'You have not been charged.',
      };
    case 'PAYMENT_FAILED':
      return {
        subject: `Payment for order ${request.orderId} failed`,
        body:
          `We could not charge ${formatAmount(request.amountCents, request.currency)} (${request.reason}). ` +
          'Your order has been cancelled and the items released.',
      };
  }
};

/** The message for a request on a channel; the recipient is the customer. */
export const composeNotification = (
  request: NotificationRequest,
  channel: NotificationChannel,
): Notification => ({
  orderId: request.orderId,
  kind: request.kind,
  channel,
  recipient: request.customerId,
  ...content(request),
});
