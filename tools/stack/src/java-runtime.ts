import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';

export interface JavaRuntime {
  executable: string;
  major: number;
}

const JVM_ROOT = '/usr/lib/jvm';

/** `java -version` prints e.g. `openjdk version "17.0.15"` or `"1.8.0_392"` on stderr. */
export const parseJavaMajor = (versionOutput: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
};

const candidates = (env: Record<string, string | undefined>): string[] => {
  const fromJvmRoot = existsSync(JVM_ROOT)
    ? readdirSync(JVM_ROOT)
        .sort()
        .reverse()
        .map((dir) => join(JVM_ROOT, dir, 'bin', 'java'))
    : [];
  return [env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : undefined, 'java', ...fromJvmRoot].filter(
    (path): path is string => path !== undefined,
  );
};

const probe = (executable: string): JavaRuntime | undefined => {
  const result = spawnSync(executable, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const major = parseJavaMajor(`${result.stderr}${result.stdout}`);
  return major === undefined ? undefined : { executable, major };
};

/**
 * The first Java of at least `minimumMajor` among JAVA_HOME, PATH and /usr/lib/jvm. Kafka needs 17;
 * Apicurio Registry 3.3 is compiled for 21, so a machine with only Java 17 as default still works when a
 * newer JDK sits under /usr/lib/jvm.
 */
export const findJava = (minimumMajor: number, purpose: string, env = process.env): JavaRuntime => {
  const seen: string[] = [];
  for (const executable of candidates(env)) {
    const runtime = probe(executable);
    if (runtime) seen.push(`${executable} (${runtime.major})`);
    if (runtime && runtime.major >= minimumMajor) return runtime;
  }
  throw new OrderflowError(
    'PREREQUISITE_MISSING',
    `${purpose} needs Java ${minimumMajor} or newer; found ${seen.length > 0 ? seen.join(', ') : 'no java at all'}. ` +
      `Install a JDK ${minimumMajor}+ (or point JAVA_HOME at one) and run the command again.`,
    { context: { minimumMajor, purpose, seen } },
  );
};
