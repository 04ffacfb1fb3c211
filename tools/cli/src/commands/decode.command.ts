import type { Command } from 'commander';

import { decodeKcatStream, formatRecordLine } from '@orderflow/inspect';

import { createCliRecordDecoder } from './record-decoder.factory';

interface DecodeOptions {
  pretty?: boolean;
}

export const registerDecodeCommand = (program: Command): void => {
  program
    .command('decode')
    .description(
      'Decode `kcat -C -J` output on stdin through the schema registry: one JSON line per record ' +
        '(undecodable payloads get an `error` and their bytes as hex), e.g. `kcat -b 127.0.0.1:19092 -C -J -e -t order.created | orderflow decode`.',
    )
    .option('--pretty', 'indent each record over several lines')
    .action(async ({ pretty = false }: DecodeOptions) => {
      const decode = createCliRecordDecoder();
      // process.stdin yields Buffers: the bytes stay as kcat wrote them (not UTF-8, see parseKcatJsonLine).
      for await (const record of decodeKcatStream({ input: process.stdin, decode })) {
        console.log(formatRecordLine(record, { pretty }));
      }
    });
};
