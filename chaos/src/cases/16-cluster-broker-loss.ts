import { setTimeout as sleep } from 'node:timers/promises';

import { OrderflowError } from '@orderflow/errors';
import { pollUntil } from '@orderflow/wait';

import type { CaseContext, ChaosCase } from '../case.types';
import type { ClusterStack } from '../cluster-stack';

/** How long each loss lasts under load before the next step. */
const ONE_DOWN_MS = 30_000;
const TWO_DOWN_MS = 20_000;
/** The controller notices a dead broker after its session (9 s) and moves leadership. */
const FAILOVER_TIMEOUT_MS = 60_000;
/** A node's restart on a loaded 2-core box (70–110 s measured for two), then the groups catch up. */
const RESTART_TIMEOUT_MS = 180_000;

const clusterOf = ({ cluster }: CaseContext): ClusterStack => {
  if (cluster === undefined)
    throw new OrderflowError('CONFIG_INVALID', 'Case 16 runs on the three-broker stack (brokers: 3).');
  return cluster;
};

/**
 * The leader of `topic`'s partition `partition` once it is not `not` (the controller moved it). Each
 * change in what the brokers answer (a leader, none, an error) is logged: a slow failover says why.
 */
const leaderOtherThan = (
  cluster: ClusterStack,
  topic: string,
  partition: number,
  not: number,
  log: (line: string) => void,
) => {
  let seen = '';
  const startedAt = Date.now();
  const observe = (what: string) => {
    if (what !== seen) log(`${topic}[${partition}] +${Date.now() - startedAt} ms: ${what}`);
    seen = what;
  };
  return pollUntil(
    async () => {
      const leader = await cluster.faults.leaderOf(topic, partition).catch((error: unknown) => {
        observe(error instanceof Error ? error.message : String(error));
        throw error;
      });
      observe(`leader ${leader}`);
      return leader === not ? undefined : leader;
    },
    {
      description: `${topic}[${partition}] to get a leader other than node ${not}`,
      timeoutMs: FAILOVER_TIMEOUT_MS,
    },
  );
};

/** The registry (KafkaSQL on the same cluster) answers a subject listing. */
const registryAnswers = async (url: string): Promise<boolean> => {
  const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(10_000) }).catch(
    () => undefined,
  );
  return response?.ok === true;
};

/**
 * Case 16: losing brokers of a three-broker cluster under load. The leader of order.created[0] is killed;
 * the controller moves leadership, producers and consumers follow. Then a second broker dies: no partition
 * can have two in-sync copies, and with two of the three controller voters gone no ISR can shrink either,
 * so nothing may be acknowledged: the order API must not answer 202 (C16), and what it answers 503 must
 * never appear (I2). Both come back; the registry, whose storage is a topic of the same cluster, answers
 * again and the groups catch up. Expected: I1–I9, no 202 with two brokers down, failover within a minute.
 */
export const clusterBrokerLoss: ChaosCase = {
  number: 16,
  name: 'cluster-broker-loss',
  title: 'three brokers: SIGKILL the leader of order.created[0], then a second broker; both restarted',
  brokers: 3,
  recoveryBoundMs: 240_000,
  minLoadSeconds: 150,
  async inject(context) {
    const { system, faults, ledger, log } = context;
    const cluster = clusterOf(context);
    const topic = `${system.pipeline.namespace.prefix}order.created`;
    const registryUrl = system.pipeline.namespace.settings.schemaRegistryUrl;
    if (!(await faults.whenInFlight())) return;

    // The namespace's topics must be topics.yaml's production ones, or a lost broker loses partitions.
    const admin = await system.pipeline.namespace.admin();
    const [described] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const replicas = described?.partitions.find((entry) => entry.partitionId === 0)?.replicas.length ?? 0;
    const first = await cluster.faults.leaderOf(topic, 0);
    faults.note(`SIGKILL broker ${first} (leader of order.created[0])`, `kafka-${first}`);
    const killedAt = Date.now();
    await cluster.faults.kill(first);
    const next = await leaderOtherThan(cluster, topic, 0, first, log).catch(() => undefined);
    const failoverMs = Date.now() - killedAt;
    log(`order.created[0]: leader ${first} → ${next ?? 'none'} in ${failoverMs} ms`);
    await sleep(ONE_DOWN_MS);

    const second = [1, 2, 3].find((node) => node !== first && node !== next) ?? (first === 1 ? 2 : 1);
    faults.note(`SIGKILL broker ${second}`, `kafka-${second}`);
    await cluster.faults.kill(second);
    const twoDownFrom = Date.now();
    await sleep(TWO_DOWN_MS);
    const twoDownUntil = Date.now();

    await Promise.all([first, second].map((node) => cluster.faults.restart(node, RESTART_TIMEOUT_MS)));
    faults.healed(`brokers ${first} and ${second} restarted`);
    const registryBack = await pollUntil(
      () => registryAnswers(registryUrl).then((ok) => (ok ? true : undefined)),
      {
        description: 'the registry to answer after the restarts',
        timeoutMs: RESTART_TIMEOUT_MS,
      },
    ).catch(() => false);

    // Attempts sent and answered while two brokers were down.
    const during = ledger.attempts.filter(
      (attempt) => attempt.sentAt >= twoDownFrom && attempt.answeredAt <= twoDownUntil,
    );
    const count = (status: number) => during.filter((attempt) => attempt.status === status).length;
    const accepted = during.filter((attempt) => attempt.status >= 200 && attempt.status < 300);
    context.checks.push({
      id: 'C16',
      name: 'order.created has 3 replicas; leadership moved within a minute; nothing accepted with two brokers down; the registry answers after',
      pass: replicas === 3 && next !== undefined && accepted.length === 0 && registryBack,
      counts: {
        replicas,
        failoverMs,
        twoDownAttempts: during.length,
        twoDownAccepted: accepted.length,
        twoDown503: count(503),
        twoDown504: count(504),
        twoDownNoAnswer: count(0),
        registryBack: registryBack ? 1 : 0,
      },
      examples: accepted.slice(0, 10),
    });
  },
};
