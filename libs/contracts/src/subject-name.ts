/** Schema registry subject of a topic's record values (Confluent's TopicNameStrategy). */
export const subjectName = (topic: string, topicPrefix = ''): string => `${topicPrefix}${topic}-value`;
