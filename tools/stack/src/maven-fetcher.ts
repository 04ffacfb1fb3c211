import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';

import type { StackReporter } from './stack-reporter';

const POM = join(__dirname, '..', 'maven', 'pom.xml');

const runMaven = (args: string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    let output = '';
    const child = spawn('mvn', ['-B', '-q', '-f', POM, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new OrderflowError(
              'PREREQUISITE_MISSING',
              'Maven (mvn) is not installed: `apt-get install maven`, then retry.',
            )
          : error,
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new OrderflowError(
              'STACK_START_FAILED',
              `Maven could not fetch the stack's servers (exit ${code}).`,
              {
                retriable: true,
                context: { args, output: output.slice(-2000) },
              },
            ),
          ),
    );
  });

/** Runs Maven for one fetch; the seam the fetch's own logic is tested through. */
export type MavenRunner = (args: string[]) => Promise<void>;

/** Fetches in flight by target folder, so two components needing one server share its download. */
const inFlight = new Map<string, Promise<string>>();
/** The tail of the Maven runs queued so far: one at a time, see fetchOnce. */
let mavenQueue: Promise<unknown> = Promise.resolve();

/**
 * Fetches into `<cacheDir>/<name>` once: Maven writes into a temporary sibling that is renamed only when
 * complete, so an interrupted download is never mistaken for a cached one. Kafka and Kafka Connect both
 * need Kafka's jars on a first start: fetched twice at once, the two runs shared one partial folder and one
 * deleted what the other copied (STACK_START_FAILED on a fresh machine), and Maven 3.8 does not lock its
 * local repository against a second process downloading the same jar. So a fetch in flight is shared, and
 * Maven runs one at a time.
 */
export const fetchOnce = (
  cacheDir: string,
  name: string,
  report: StackReporter,
  mavenArgs: (outputDirectory: string) => string[],
  run: MavenRunner = runMaven,
): Promise<string> => {
  const target = join(cacheDir, name);
  if (existsSync(target)) return Promise.resolve(target);
  const pending = inFlight.get(target);
  if (pending !== undefined) return pending;
  const fetching = (async () => {
    const partial = `${target}.partial-${process.pid}`;
    const turn = mavenQueue.then(async () => {
      mkdirSync(cacheDir, { recursive: true });
      rmSync(partial, { recursive: true, force: true });
      report(`fetching ${name} from Maven Central (once; cached in ${cacheDir})…`);
      await run(mavenArgs(partial));
    });
    mavenQueue = turn.catch(() => undefined);
    await turn;
    if (!existsSync(target)) renameSync(partial, target);
    rmSync(partial, { recursive: true, force: true });
    return target;
  })().finally(() => inFlight.delete(target));
  inFlight.set(target, fetching);
  return fetching;
};

/** Kafka's broker, tools and a log4j binding as a folder of jars for `java -cp '<dir>/*'`. */
export const fetchKafkaLibs = (cacheDir: string, version: string, report: StackReporter): Promise<string> =>
  fetchOnce(cacheDir, `kafka-${version}`, report, (out) => [
    'dependency:copy-dependencies',
    `-Dkafka.version=${version}`,
    `-DoutputDirectory=${out}`,
  ]);

/** Apicurio Registry's Quarkus fast-jar layout (run with `java -jar quarkus-run.jar`). */
export const fetchApicurioRegistry = (
  cacheDir: string,
  version: string,
  report: StackReporter,
): Promise<string> =>
  fetchOnce(cacheDir, `apicurio-registry-${version}`, report, (out) => [
    'dependency:unpack',
    `-Dartifact=io.apicurio:apicurio-registry-app:${version}:tar.gz:all`,
    `-DoutputDirectory=${out}`,
    // unpack remembers what it unpacked (in maven/target) and would skip a second, fresh folder.
    '-Dmdep.overWriteReleases=true',
  ]);

/**
 * Debezium's PostgreSQL connector as a Kafka Connect plugin folder (its jars, the outbox event router
 * included): the plugin tarball, not `dependency:get`, which walks test-scoped dependencies into a
 * repository Central does not mirror.
 */
export const fetchDebeziumPostgres = (
  cacheDir: string,
  version: string,
  report: StackReporter,
): Promise<string> =>
  fetchOnce(cacheDir, `debezium-postgres-${version}`, report, (out) => [
    'dependency:unpack',
    `-Dartifact=io.debezium:debezium-connector-postgres:${version}:tar.gz:plugin`,
    `-DoutputDirectory=${out}`,
    '-Dmdep.overWriteReleases=true',
  ]);
