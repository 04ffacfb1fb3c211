/**
 * Splits a byte stream into latin1 lines as the bytes arrive, so `kcat -f … | orderflow decode` prints
 * records while kcat follows the topic. Splitting bytes on \n is safe: kcat -J escapes every control
 * byte inside strings, so a raw 0x0A only ever ends a record.
 */
export async function* readLatin1Lines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let pending = Buffer.alloc(0);
  for await (const chunk of input) {
    pending = Buffer.concat([pending, typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk]);
    let end = pending.indexOf(0x0a);
    while (end !== -1) {
      yield pending.subarray(0, end).toString('latin1');
      pending = pending.subarray(end + 1);
      end = pending.indexOf(0x0a);
    }
  }
  if (pending.length > 0) yield pending.toString('latin1');
}
