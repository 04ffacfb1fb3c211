import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { startServiceProcess, type ServiceProcess } from '@orderflow/e2e';
import { OrderflowError } from '@orderflow/errors';

import type { ChaosCase } from '../case.types';
import { whenMembership } from '../observe/group-members';

/** The consumer groups that get a second instance (the order API's HTTP stays on the harness's one). */
const GROUPS = ['inventory', 'payment', 'notification', 'analytics'] as const;
const SETTLE_TIMEOUT_MS = 90_000;
const BROKER_DOWN_MS = 30_000;
const RESTART_TIMEOUT_MS = 180_000;

/**
 * Case 17: several instances per consumer group on the three-broker cluster. Each consumer group gets a
 * second instance, so partitions are shared between members whose partitions have leaders on different
 * brokers; then the leader of order.created[1] is killed for 30 s and restarted while both members work.
 * Expected: I1–I9, and every group back at two members after the broker returns (C17).
 */
export const clusterInstances: ChaosCase = {
  number: 17,
  name: 'cluster-instances',
  title:
    'three brokers, two instances per consumer group; the leader of order.created[1] killed and restarted',
  brokers: 3,
  recoveryBoundMs: 240_000,
  minLoadSeconds: 120,
  // Nine service processes beside three brokers: at 41.7/s (5000 orders over 120 s) the order API answered
  // late from the first second, before any fault (p50 2–15 s, connections timing out).
  maxRate: 25,
  async inject({ system, faults, cluster, dir, log, checks }) {
    if (cluster === undefined)
      throw new OrderflowError('CONFIG_INVALID', 'Case 17 runs on the three-broker stack (brokers: 3).');
    const { namespace } = system.pipeline;
    const extras: ServiceProcess[] = [];
    const settled = async (): Promise<number> => {
      const answers = await Promise.all(
        GROUPS.map((group) =>
          whenMembership(namespace, group, ({ memberIds }) => memberIds.length === 2, SETTLE_TIMEOUT_MS),
        ),
      );
      return answers.filter((membership) => membership !== undefined).length;
    };
    try {
      for (const group of GROUPS) {
        extras.push(
          await startServiceProcess(group, system.pipeline.env, { logFile: join(dir, `${group}-2.log`) }),
        );
        faults.note('instance added', group);
      }
      const before = await settled();
      if (!(await faults.whenInFlight())) log('nothing in flight: the broker is killed anyway');
      const topic = `${namespace.prefix}order.created`;
      const victim = await cluster.faults.leaderOf(topic, 1);
      faults.note(`SIGKILL broker ${victim} (leader of order.created[1])`, `kafka-${victim}`);
      await cluster.faults.kill(victim);
      await sleep(BROKER_DOWN_MS);
      await cluster.faults.restart(victim, RESTART_TIMEOUT_MS);
      faults.healed(`broker ${victim} restarted`);
      const after = await settled();
      checks.push({
        id: 'C17',
        name: 'every consumer group ran two members before the broker loss and again after it',
        pass: before === GROUPS.length && after === GROUPS.length,
        counts: { groups: GROUPS.length, twoMembersBefore: before, twoMembersAfter: after },
        examples: [],
      });
      await faults.whenRecovered(SETTLE_TIMEOUT_MS);
    } finally {
      for (const extra of extras) await extra.close();
      faults.healed('second instances stopped');
    }
  },
};
