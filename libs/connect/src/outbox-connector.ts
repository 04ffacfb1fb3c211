/** connectors/payments-outbox.yaml: the Debezium connector relaying the payment service's outbox. */
export const OUTBOX_CONNECTOR = 'payments-outbox';

/**
 * The relay's connector for a topic prefix: `payments-outbox` as `connectors apply` names it, and per
 * test namespace `<prefix>payments-outbox` (startOutboxRelay), so relays of several namespaces share one
 * worker and the payment service of each knows which one is its own.
 */
export const outboxConnectorName = (topicPrefix: string): string => `${topicPrefix}${OUTBOX_CONNECTOR}`;
