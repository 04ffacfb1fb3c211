import type { ConnectionSettings } from '@orderflow/config';

import { describeRow, failedRow } from './measure';
import type { BenchOptions } from './options';
import type { Round } from './round.types';
import type { RunRecord } from './summary';

/**
 * Runs the rounds interleaved (R1 R2 R3, R1 R2 R3, …) so that drift — a warming JIT, a filling page
 * cache, a noisy neighbour — hits every round alike. A round that throws keeps its place: it is recorded
 * as one failed row and the others go on.
 */
export const runInterleaved = async (
  rounds: Round[],
  options: BenchOptions & { settings: ConnectionSettings; recordBytes: number },
  log: (line: string) => void,
): Promise<RunRecord[]> => {
  const records: RunRecord[] = [];
  for (let repetition = 1; repetition <= options.rounds; repetition++) {
    for (const round of rounds) {
      const tag = `[${repetition}/${options.rounds} ${round.id}]`;
      log(`${tag} ${round.name}`);
      const started = Date.now();
      const ctx = {
        settings: options.settings,
        messages: options.messages,
        scaled: (divisor: number) => Math.max(100, Math.round(options.messages / divisor)),
        recordBytes: options.recordBytes,
        repetition,
        progress: (line: string) => log(`${tag}   ${line}`),
      };
      const rows = await round.run(ctx).catch((error: unknown) => {
        const row = failedRow('round', '', error);
        ctx.progress(describeRow(row));
        return [row];
      });
      records.push({ roundId: round.id, repetition, rows });
      log(`${tag} done in ${((Date.now() - started) / 1_000).toFixed(1)} s`);
    }
  }
  return records;
};
