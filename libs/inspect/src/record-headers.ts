import type { RecordHeaders } from '@orderflow/kafka';

/** kcat -J prints headers as [name, value, name, value, …]; a repeated name keeps its last value. */
export const headersFromPairs = (pairs: readonly string[]): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < pairs.length; index += 2) {
    headers[pairs[index] as string] = pairs[index + 1] as string;
  }
  return headers;
};

/** Header values as text: read from the broker they are bytes, orderflow's plain UTF-8 (see @orderflow/kafka HEADER). */
export const headersFromKafka = (headers: RecordHeaders | undefined): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
};
