// Every event carries these; the trace shows them in their own columns or not at all.
const OMITTED = new Set(['eventId', 'orderId', 'occurredAt']);
const MAX_LENGTH = 100;

const describe = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return `[${value.length}]`;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return '{…}';
};

/** One line about an event for the trace: its own fields as `name=value`, arrays as their length. */
export const summarizeValue = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return describe(value) ?? '';
  const parts = Object.entries(value)
    .filter(([name]) => !OMITTED.has(name))
    .map(([name, field]) => [name, describe(field)] as const)
    .filter(([, text]) => text !== undefined)
    .map(([name, text]) => `${name}=${text}`);
  const line = parts.join(' ');
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line;
};
