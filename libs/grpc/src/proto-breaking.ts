import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';

import { protoDirs } from './proto-files';

export interface ProtoCheckResult {
  ok: boolean;
  /** buf's findings, one per line (e.g. `Field "3" on message "Order" changed type…`); empty when ok. */
  findings: string[];
}

const buf = (args: string[], root: string): ProtoCheckResult => {
  const run = spawnSync(join(root, 'node_modules', '.bin', 'buf'), args, { cwd: root, encoding: 'utf8' });
  if (run.error) throw run.error;
  const findings = `${run.stdout}${run.stderr}`.split('\n').filter((line) => line.trim() !== '');
  return { ok: run.status === 0, findings };
};

/**
 * `buf breaking` of a proto module against the last released copy (libs/grpc/released): a removed or
 * renumbered field, a changed type, a removed RPC or enum value is refused, so a client built against the
 * release keeps working. FILE rules (protos/buf.yaml): stricter than wire compatibility, as generated code
 * is checked in by other teams too.
 */
export const checkProtoBreaking = (
  protos = protoDirs().protos,
  root = projectPaths().root,
): ProtoCheckResult => buf(['breaking', protos, '--against', protoDirs(root).released], root);

/** `buf lint` with the STANDARD rules (names, enum zero values, one request/response type per RPC). */
export const lintProtos = (protos = protoDirs().protos, root = projectPaths().root): ProtoCheckResult =>
  buf(['lint', protos], root);
