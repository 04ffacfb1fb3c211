import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';

import { ORDER_SERVICE_PROTO, protoDirs } from './proto-files';

/** Where the checked-in types live; `npm run codegen:proto` rewrites them, a unit test checks they are current. */
export const generatedProtoTypesDir = (root = projectPaths().root): string =>
  join(root, 'libs', 'grpc', 'src', 'generated');

/**
 * Writes TypeScript types for the protos with @grpc/proto-loader's generator (no protoc needed), with the
 * same options as PROTO_LOADER_OPTIONS. Runs from the checkout root so the files' "Original file" comments
 * name the proto by its checkout path wherever the output goes.
 */
export const generateProtoTypes = (outDir = generatedProtoTypesDir(), root = projectPaths().root): void => {
  execFileSync(
    join(root, 'node_modules', '.bin', 'proto-loader-gen-types'),
    // The proto goes before -I: --includeDirs is an array option and would swallow it.
    [
      ORDER_SERVICE_PROTO,
      '--longs=String',
      '--enums=String',
      '--defaults',
      '--oneofs',
      '--grpcLib=@grpc/grpc-js',
      `--outDir=${outDir}`,
      '-I',
      protoDirs(root).protos.slice(root.length + 1),
    ],
    { cwd: root, stdio: 'pipe' },
  );
};
