/** Physical topic names carry the runtime's prefix ('' in production, unique per test). */
export const physicalTopic = (topicPrefix: string, topic: string): string => `${topicPrefix}${topic}`;

/** The logical name of a physical topic, or undefined when it is outside the prefix's namespace. */
export const logicalTopic = (topicPrefix: string, physical: string): string | undefined =>
  physical.startsWith(topicPrefix) ? physical.slice(topicPrefix.length) : undefined;
