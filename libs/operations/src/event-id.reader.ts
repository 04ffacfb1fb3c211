import { HEADER, type KafkaRecord } from '@orderflow/kafka';
import type { AvroSerde } from '@orderflow/registry';
import { headerText } from '@orderflow/retry';

/** The eventId a consumer would claim for a record, or undefined when it cannot be told. */
export type EventIdReader = (record: KafkaRecord) => Promise<string | undefined>;

/**
 * Reads the `event-id` header every published event carries (cheap), else decodes the value through the
 * registry as the consumer would. Records that decode to nothing with an eventId are never marked done
 * (the consumer dead-letters them), so "unknown" is reported, not guessed.
 */
export const eventIdReader =
  (serde: AvroSerde | undefined): EventIdReader =>
  async (record) => {
    const header = headerText(record.headers, HEADER.eventId);
    if (header !== undefined && header !== '') return header;
    if (serde === undefined || record.value === null || record.value.length === 0) return undefined;
    try {
      const { value } = await serde.decode(record.value);
      const eventId = (value as { eventId?: unknown } | null)?.eventId;
      return typeof eventId === 'string' ? eventId : undefined;
    } catch {
      return undefined;
    }
  };
