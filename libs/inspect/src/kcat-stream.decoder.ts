import type { InspectedRecord, UnreadableLine } from './inspected-record.types';
import { parseKcatJsonLine, type KcatRecord } from './kcat-json.parser';
import { kafkaRecordFromKcat } from './kcat-record.converter';
import { readLatin1Lines } from './latin1-lines.reader';
import type { RecordDecoder } from './record-decoder';

export interface DecodeKcatStreamOptions {
  /** `kcat -C -J` output, as raw bytes (stdin): never decoded as UTF-8 first. */
  input: AsyncIterable<Buffer | string>;
  decode: RecordDecoder;
}

/**
 * Every record of a kcat -J stream, decoded, in input order. kcat's own lines ("% Reached end of
 * topic…") are skipped; a line that is not valid JSON is reported and the stream goes on.
 */
export async function* decodeKcatStream({
  input,
  decode,
}: DecodeKcatStreamOptions): AsyncGenerator<InspectedRecord | UnreadableLine> {
  for await (const line of readLatin1Lines(input)) {
    let record: KcatRecord | undefined;
    try {
      record = parseKcatJsonLine(line);
    } catch (error) {
      yield {
        error: {
          code: 'MESSAGE_UNDECODABLE',
          message: `Not a kcat -J record (${error instanceof Error ? error.message : String(error)}); pipe \`kcat -C -J\` output.`,
        },
        line,
      };
      continue;
    }
    if (record !== undefined) yield await decode(kafkaRecordFromKcat(record));
  }
}
