import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';
import { pollUntil } from '@orderflow/wait';

import { amqpProbe } from '../health-probes';
import { runningPid, startDetached, stopProcess, whileRunning } from '../managed-process';
import type { RabbitmqPorts, StackSettings } from '../stack-settings';
import { componentStatus } from './component-status';
import type { StackComponent } from './stack-component';

// The Debian package's own scripts, called directly: /usr/sbin/rabbitmq-server would `su rabbitmq`, cd to
// /var/lib/rabbitmq and write the machine node's startup log (feasibility audit §3).
const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';
const ERLANG_LIB = '/usr/lib/erlang';

const findEpmd = (): string => {
  const erts = existsSync(ERLANG_LIB)
    ? readdirSync(ERLANG_LIB).filter((name) => name.startsWith('erts-'))
    : [];
  const epmd = erts.map((name) => join(ERLANG_LIB, name, 'bin', 'epmd')).find((path) => existsSync(path));
  if (!existsSync(join(RABBITMQ_BIN, 'rabbitmq-server')) || epmd === undefined) {
    throw new OrderflowError(
      'PREREQUISITE_MISSING',
      'rabbitmq-server is not installed: `apt-get install rabbitmq-server`, or set AMQP_URL to a broker you run.',
    );
  }
  return epmd;
};

/** The broker AMQP_URL names: probed, never started or stopped by the stack. */
const externalRabbitmq = (url: string): StackComponent => {
  const probe = amqpProbe(url);
  return {
    name: 'rabbitmq',
    address: url,
    prepare: () => Promise.resolve(),
    start: () => undefined,
    waitUntilReady: (timeoutMs) =>
      pollUntil(() => probe(), { description: `RabbitMQ at ${url}`, timeoutMs }).then(() => undefined),
    status: () => componentStatus('rabbitmq', url, probe, 'external'),
    pid: () => undefined,
    stop: () => Promise.resolve(false),
  };
};

const brokerConfig = (host: string, ports: RabbitmqPorts): string =>
  [
    `listeners.tcp.default = ${host}:${ports.amqp}`,
    `management.tcp.ip = ${host}`,
    `management.tcp.port = ${ports.management}`,
    `prometheus.tcp.ip = ${host}`,
    `prometheus.tcp.port = ${ports.prometheus}`,
    // One series per queue on /metrics: the dashboard shows each work queue, delay tier and DLQ.
    'prometheus.return_per_object_metrics = true',
    // guest may connect from loopback only by default; the node listens on loopback only anyway.
    'loopback_users = none',
    'log.file.level = info',
    'log.console = false',
    '',
  ].join('\n');

/**
 * A private RabbitMQ node from the machine's Debian binaries: its own HOME and cookie (the CLI tools reach
 * it, not the machine's node), its own epmd (a node that finds none spawns `epmd -daemon`, which outlives
 * the stack), its own distribution port (25672 is the machine node's), data and logs under .stack/rabbitmq.
 */
const embeddedRabbitmq = (settings: StackSettings): StackComponent => {
  const { host } = settings;
  const ports = settings.ports.rabbitmq;
  const home = join(settings.stackDir, 'rabbitmq');
  const address = `amqp://guest:guest@${host}:${ports.amqp}`;
  const probe = amqpProbe(address);
  // An argument the node passes on to erl: the shell wrapper and beam.smp (it execs) both carry it.
  const marker = `-orderflow_stack ${home}`;
  const nodeSpec = {
    pidFile: join(settings.runDir, 'rabbitmq.pid'),
    signature: marker,
    logFile: join(settings.logsDir, 'rabbitmq.log'),
  };
  const epmdSpec = {
    pidFile: join(settings.runDir, 'rabbitmq-epmd.pid'),
    signature: `-port ${ports.epmd} `,
    logFile: join(settings.logsDir, 'rabbitmq-epmd.log'),
  };
  const erlangEnv = {
    ERL_EPMD_PORT: String(ports.epmd),
    ERL_EPMD_ADDRESS: host,
  };
  const nodeEnv = (): NodeJS.ProcessEnv => ({
    ...process.env,
    ...erlangEnv,
    HOME: join(home, 'home'),
    // /etc/rabbitmq/rabbitmq-env.conf names the machine's node and exports its ERL_FLAGS.
    RABBITMQ_CONF_ENV_FILE: join(home, 'rabbitmq-env.conf'),
    RABBITMQ_NODENAME: `orderflow-${ports.amqp}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: host,
    RABBITMQ_NODE_PORT: String(ports.amqp),
    RABBITMQ_DIST_PORT: String(ports.dist),
    RABBITMQ_CONFIG_FILE: join(home, 'rabbitmq'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(home, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: join(home, 'mnesia'),
    RABBITMQ_LOG_BASE: join(home, 'log'),
    RABBITMQ_PID_FILE: join(home, 'beam.pid'),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: `-kernel inet_dist_use_interface {${host.replaceAll('.', ',')}}`,
    RABBITMQ_CTL_ERL_ARGS: `-kernel inet_dist_use_interface {${host.replaceAll('.', ',')}}`,
    // The wrapper then execs erl instead of staying as a parent: our pid file names the broker itself.
    RUNNING_UNDER_SYSTEMD: 'true',
  });
  let epmdPath: string | undefined;
  return {
    name: 'rabbitmq',
    address,
    prepare: () => {
      epmdPath = findEpmd();
      mkdirSync(join(home, 'home'), { recursive: true });
      mkdirSync(join(home, 'log'), { recursive: true });
      const cookie = join(home, 'home', '.erlang.cookie');
      if (!existsSync(cookie)) {
        writeFileSync(cookie, randomBytes(20).toString('hex').toUpperCase(), { mode: 0o400 });
      }
      writeFileSync(join(home, 'rabbitmq-env.conf'), '');
      writeFileSync(join(home, 'rabbitmq.conf'), brokerConfig(host, ports));
      writeFileSync(join(home, 'enabled_plugins'), '[rabbitmq_prometheus,rabbitmq_management].\n');
      return Promise.resolve();
    },
    start(report) {
      if (runningPid(nodeSpec) !== undefined) return;
      if (runningPid(epmdSpec) === undefined) {
        startDetached({
          ...epmdSpec,
          command: epmdPath ?? findEpmd(),
          args: ['-port', String(ports.epmd), '-address', host],
          cwd: home,
        });
      }
      const pid = startDetached({
        ...nodeSpec,
        command: join(RABBITMQ_BIN, 'rabbitmq-server'),
        args: marker.split(' '),
        cwd: home,
        env: nodeEnv(),
      });
      report(`rabbitmq starting (pid ${pid}, ${address})`);
    },
    waitUntilReady: (timeoutMs) =>
      pollUntil(whileRunning(nodeSpec, probe), { description: `RabbitMQ at ${address}`, timeoutMs }).then(
        () => undefined,
      ),
    status: () => componentStatus('rabbitmq', address, probe, runningPid(nodeSpec)),
    pid: () => runningPid(nodeSpec),
    // SIGTERM is a graceful shutdown (measured 6.3 s); epmd goes after the node that registered with it.
    stop: async () => {
      const stopped = await stopProcess(nodeSpec, 30_000);
      await stopProcess(epmdSpec, 5_000);
      return stopped;
    },
  };
};

/** Where Prometheus scrapes the stack's own node (none for the broker AMQP_URL names). */
export const rabbitmqPrometheusUrl = (settings: StackSettings): string | undefined =>
  settings.externalAmqpUrl === undefined
    ? `http://${settings.host}:${settings.ports.rabbitmq.prometheus}`
    : undefined;

/** What services and tools connect to besides AMQP: the management API (for `orderflow queues`). */
export const rabbitmqManagementUrl = (settings: StackSettings): string | undefined =>
  settings.externalAmqpUrl === undefined
    ? `http://guest:guest@${settings.host}:${settings.ports.rabbitmq.management}`
    : undefined;

export const createRabbitmqComponent = (settings: StackSettings): StackComponent =>
  settings.externalAmqpUrl === undefined
    ? embeddedRabbitmq(settings)
    : externalRabbitmq(settings.externalAmqpUrl);
