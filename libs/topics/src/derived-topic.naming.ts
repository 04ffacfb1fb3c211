/**
 * Names of the topics derived from a consumer group's retry tiers. One set per group, because a failure
 * in one group must never be redelivered to another group reading the same source topic.
 */
export const retryTopicName = (group: string, delayLabel: string): string => `${group}.retry-${delayLabel}`;

export const dlqTopicName = (group: string): string => `${group}.dlq`;
