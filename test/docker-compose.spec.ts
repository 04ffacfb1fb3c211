import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

import { connectInternalTopics, POSTGRES_REPLICATION_SETTINGS, STACK_VERSIONS } from '@orderflow/stack';
import { CONTAINER_IMAGES, kafkaContainerEnvironment } from '@orderflow/e2e';
import { parse } from 'yaml';

// No Docker engine is needed (or present on every machine): docker-compose.kafka.yml and the files it
// mounts are parsed and checked for the mistakes that would only show at `docker compose up`.

const root = join(__dirname, '..');
const readYaml = (path: string): unknown => parse(readFileSync(join(root, path), 'utf8'));

interface ComposeService {
  image?: string;
  command?: string | string[];
  ports?: string[];
  environment?: Record<string, string | number | boolean> | string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string | string[] };
  extra_hosts?: string[];
}

const compose = readYaml('docker-compose.kafka.yml') as { services?: Record<string, ComposeService> };
const services = compose.services ?? {};

const service = (name: string): ComposeService => {
  const found = services[name];
  if (found === undefined) throw new Error(`docker-compose.kafka.yml has no service "${name}"`);
  return found;
};

/** Environment in either compose form (map or KEY=value list), values as the container sees them. */
const environment = (name: string): Record<string, string> => {
  const env = service(name).environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)])
    : Object.entries(env).map(([key, value]) => [key, String(value)]);
  return Object.fromEntries(entries) as Record<string, string>;
};

/** "127.0.0.1:9092:9092", "9092:9092" → { host: 9092, container: 9092 }. */
const publishedPorts = (name: string): Array<{ host: number; container: number }> =>
  (service(name).ports ?? []).map((mapping) => {
    const parts = mapping.split(':');
    return { host: Number(parts.at(-2)), container: Number(parts.at(-1)) };
  });

/** "./ops/x:/etc/x:ro" → { source: './ops/x', target: '/etc/x' }; named volumes have no leading "./". */
const bindMounts = (name: string): Array<{ source: string; target: string }> =>
  (service(name).volumes ?? [])
    .map((volume) => volume.split(':'))
    .filter(([source]) => source !== undefined && (source.startsWith('.') || isAbsolute(source)))
    .map(([source = '', target = '']) => ({ source, target }));

const SERVICES = [
  'kafka',
  'schema-registry',
  'redis',
  'rabbitmq',
  'postgres',
  'kafka-connect',
  'prometheus',
  'grafana',
  'kafka-ui',
];

describe('docker-compose.kafka.yml', () => {
  it('runs exactly the nine services of Docker mode', () => {
    expect(Object.keys(services).sort()).toEqual([...SERVICES].sort());
  });

  it.each(SERVICES)('gives %s a healthcheck with a test command', (name) => {
    const test = service(name).healthcheck?.test;
    const command = Array.isArray(test) ? test : [test ?? ''];
    expect(['CMD', 'CMD-SHELL']).toContain(command[0]);
    expect(command.slice(1).join(' ').trim()).not.toBe('');
  });

  it('starts dependents only once what they use is healthy', () => {
    const dependencies = Object.fromEntries(
      SERVICES.map((name) => {
        const dependsOn = service(name).depends_on ?? {};
        // The list form cannot carry a condition, so it means "started", not "healthy".
        const conditions = Array.isArray(dependsOn)
          ? Object.fromEntries(dependsOn.map((dependency) => [dependency, 'service_started']))
          : Object.fromEntries(
              Object.entries(dependsOn).map(([dependency, { condition }]) => [dependency, condition]),
            );
        return [name, conditions];
      }),
    );
    expect(dependencies).toEqual({
      kafka: {},
      'schema-registry': { kafka: 'service_healthy' },
      redis: {},
      rabbitmq: {},
      postgres: {},
      'kafka-connect': { kafka: 'service_healthy', postgres: 'service_healthy' },
      prometheus: {},
      grafana: { prometheus: 'service_healthy' },
      'kafka-ui': { kafka: 'service_healthy', 'schema-registry': 'service_healthy' },
    });
  });

  it('runs the Kafka version the embedded stack runs', () => {
    expect(service('kafka').image).toBe(`apache/kafka:${STACK_VERSIONS.kafka}`);
  });

  it('uses the image tags libs/testing pins (one source of truth with the testcontainers stack)', () => {
    expect(Object.fromEntries(SERVICES.map((name) => [name, service(name).image]))).toEqual({
      kafka: CONTAINER_IMAGES.kafka,
      'schema-registry': CONTAINER_IMAGES.schemaRegistry,
      redis: CONTAINER_IMAGES.redis,
      rabbitmq: CONTAINER_IMAGES.rabbitmq,
      postgres: CONTAINER_IMAGES.postgres,
      'kafka-connect': CONTAINER_IMAGES.kafkaConnect,
      prometheus: CONTAINER_IMAGES.prometheus,
      grafana: CONTAINER_IMAGES.grafana,
      'kafka-ui': CONTAINER_IMAGES.kafkaUi,
    });
  });

  it('publishes each server on its documented host port', () => {
    expect(Object.fromEntries(SERVICES.map((name) => [name, publishedPorts(name)]))).toEqual({
      kafka: [{ host: 9092, container: 9092 }],
      'schema-registry': [{ host: 8081, container: 8081 }],
      redis: [{ host: 6379, container: 6379 }],
      rabbitmq: [
        { host: 5672, container: 5672 },
        { host: 15672, container: 15672 },
      ],
      postgres: [{ host: 5432, container: 5432 }],
      'kafka-connect': [{ host: 8083, container: 8083 }],
      prometheus: [{ host: 9090, container: 9090 }],
      grafana: [{ host: 3001, container: 3000 }],
      'kafka-ui': [{ host: 8080, container: 8080 }],
    });
  });

  describe('kafka', () => {
    const env = environment('kafka');
    const advertised = new Map(
      (env.KAFKA_ADVERTISED_LISTENERS ?? '').split(',').map((listener) => {
        const [name = '', address = ''] = listener.split('://');
        return [name, address];
      }),
    );
    const hostListener = [...advertised].find(([, address]) => address.startsWith('localhost:'));

    it('advertises a host listener as localhost:9092, bound on the published container port', () => {
      expect(hostListener?.[1]).toBe('localhost:9092');
      expect(env.KAFKA_LISTENERS?.split(',')).toContain(`${hostListener?.[0]}://:9092`);
    });

    it('advertises an in-network listener as kafka:29092, which the containers on the network use', () => {
      expect([...advertised.values()]).toContain('kafka:29092');
      expect(environment('schema-registry').SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS).toBe(
        'PLAINTEXT://kafka:29092',
      );
      expect(environment('kafka-ui').KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS).toBe('kafka:29092');
    });

    it('runs KRaft as one combined broker and controller', () => {
      expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${env.KAFKA_NODE_ID}@kafka:9093`);
    });

    it('disables topic auto-creation (topics come from `orderflow topics apply`)', () => {
      expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    });

    it('sizes internal topics and the first rebalance for a single broker', () => {
      expect(env).toMatchObject({
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      });
    });

    it('is configured like the testcontainers Kafka, apart from what only Docker mode has', () => {
      // Advertised listeners: the containers' host port is random; log dirs: the compose file has a volume.
      const dockerModeOnly = ['KAFKA_ADVERTISED_LISTENERS', 'KAFKA_LOG_DIRS'];
      const shared = Object.fromEntries(Object.entries(env).filter(([key]) => !dockerModeOnly.includes(key)));
      expect(shared).toEqual(kafkaContainerEnvironment('kafka'));
    });

    it('keeps its log in the named volume', () => {
      expect(service('kafka').volumes).toContain(`kafka-data:${env.KAFKA_LOG_DIRS}`);
    });
  });

  describe('redis', () => {
    const command = service('redis').command;
    const args = Array.isArray(command) ? command : (command ?? '').split(/\s+/);
    const option = (name: string): string | undefined => args[args.indexOf(`--${name}`) + 1];

    it('keeps an append-only file fsynced every second, so a killed Redis loses no acknowledged effect (F4)', () => {
      expect(args[0]).toBe('redis-server');
      expect(option('appendonly')).toBe('yes');
      expect(option('appendfsync')).toBe('everysec');
    });

    it('sets no memory limit or eviction policy, which the services would refuse (F4)', () => {
      expect(args.filter((arg) => arg === '--maxmemory' || arg === '--maxmemory-policy')).toEqual([]);
    });

    it('keeps its data in the named volume', () => {
      expect(service('redis').volumes).toContain('redis-data:/data');
    });
  });

  describe('postgres', () => {
    const command = service('postgres').command;
    const args = Array.isArray(command) ? command : (command ?? '').split(/\s+/);
    const settings = Object.fromEntries(
      args.flatMap((arg, index) => (args[index - 1] === '-c' ? [arg.split('=', 2)] : [])),
    ) as Record<string, string>;

    it('runs the replication settings of the embedded stack (logical WAL for the outbox relay)', () => {
      expect(args[0]).toBe('postgres');
      expect(settings).toMatchObject(POSTGRES_REPLICATION_SETTINGS);
    });

    it('creates the database and user a DATABASE_URL on localhost:5432 names', () => {
      expect(environment('postgres')).toMatchObject({ POSTGRES_USER: 'orderflow', POSTGRES_DB: 'orderflow' });
    });

    it('is checked for readiness with pg_isready', () => {
      expect(service('postgres').healthcheck?.test).toContain('pg_isready');
    });

    it('keeps its data in the named volume', () => {
      expect(service('postgres').volumes).toContain('postgres-data:/var/lib/postgresql/data');
    });
  });

  describe('kafka-connect', () => {
    const env = environment('kafka-connect');

    it("loads the Debezium version of the embedded worker's PostgreSQL plugin", () => {
      expect(service('kafka-connect').image).toBe(`quay.io/debezium/connect:${STACK_VERSIONS.debezium}`);
    });

    it("keeps its state in the embedded worker's group and internal topics, on the in-network listener", () => {
      const topics = connectInternalTopics(env.GROUP_ID ?? 'no GROUP_ID');
      expect(env).toMatchObject({
        BOOTSTRAP_SERVERS: 'kafka:29092',
        GROUP_ID: 'orderflow-connect',
        CONFIG_STORAGE_TOPIC: topics.configs,
        OFFSET_STORAGE_TOPIC: topics.offsets,
        STATUS_STORAGE_TOPIC: topics.status,
      });
    });

    it('is checked for readiness on its REST root', () => {
      const test = service('kafka-connect').healthcheck?.test;
      expect(Array.isArray(test) ? test.join(' ') : test).toContain('http://localhost:8083/');
    });
  });

  it('mounts only files that exist in the repository', () => {
    const mounts = SERVICES.flatMap((name) => bindMounts(name).map(({ source }) => source));
    expect(mounts.length).toBeGreaterThanOrEqual(3);
    expect(mounts.filter((source) => !existsSync(join(root, source)))).toEqual([]);
  });

  it('connects the Kafka UI to the schema registry', () => {
    expect(environment('kafka-ui').KAFKA_CLUSTERS_0_SCHEMAREGISTRY).toBe('http://schema-registry:8081');
  });

  it('lets Prometheus reach services on the host', () => {
    expect(service('prometheus').extra_hosts).toContain('host.docker.internal:host-gateway');
  });
});

describe('Grafana provisioning', () => {
  const mountedAt = (target: string): string | undefined =>
    bindMounts('grafana').find((mount) => mount.target === target)?.source;

  it('provisions the Prometheus service as the default datasource, uid "prometheus"', () => {
    const source = mountedAt('/etc/grafana/provisioning/datasources') ?? 'missing mount';
    const file = readYaml(join(source, 'prometheus.yml')) as { datasources?: Array<Record<string, unknown>> };
    expect(file.datasources).toEqual([
      expect.objectContaining({
        type: 'prometheus',
        uid: 'prometheus',
        url: 'http://prometheus:9090',
        isDefault: true,
      }),
    ]);
    expect(publishedPorts('prometheus').map(({ container }) => container)).toContain(9090);
  });

  it('loads dashboards from the folder the compose file mounts ops/grafana/dashboards on', () => {
    const source = mountedAt('/etc/grafana/provisioning/dashboards') ?? 'missing mount';
    const file = readYaml(join(source, 'orderflow.yml')) as {
      providers?: Array<{ type?: string; options?: { path?: string } }>;
    };
    const dashboardsPath = file.providers?.[0]?.options?.path ?? 'no provider path';
    expect(file.providers?.[0]?.type).toBe('file');
    expect(mountedAt(dashboardsPath)).toBe('./ops/grafana/dashboards');
  });

  it('allows anonymous viewers, no more', () => {
    expect(environment('grafana')).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
    });
  });
});

describe('ops/prometheus/prometheus.yml', () => {
  it('is the file the compose file mounts as Prometheus configuration', () => {
    expect(bindMounts('prometheus')).toContainEqual({
      source: './ops/prometheus/prometheus.yml',
      target: '/etc/prometheus/prometheus.yml',
    });
  });

  it('scrapes Prometheus itself, every orderflow service on its port on the host, and RabbitMQ', () => {
    const config = readYaml('ops/prometheus/prometheus.yml') as {
      scrape_configs?: Array<{ job_name?: string; static_configs?: Array<{ targets?: string[] }> }>;
    };
    const jobs = Object.fromEntries(
      (config.scrape_configs ?? []).map((job): [string, string[]] => [
        job.job_name ?? 'unnamed job',
        job.static_configs?.flatMap((staticConfig) => staticConfig.targets ?? []) ?? [],
      ]),
    );
    expect(jobs).toEqual({
      prometheus: ['localhost:9090'],
      'order-api': ['host.docker.internal:3000'],
      inventory: ['host.docker.internal:3101'],
      payment: ['host.docker.internal:3102'],
      notification: ['host.docker.internal:3103'],
      analytics: ['host.docker.internal:3104'],
      'notification-sender': ['host.docker.internal:3105'],
      'lag-exporter': ['host.docker.internal:9308'],
      // RabbitMQ runs in the compose network: scraped by its service name.
      rabbitmq: ['rabbitmq:15692'],
    });
  });
});
