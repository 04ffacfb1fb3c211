import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { startServiceProcess, type ServiceName, type ServiceProcess } from '@orderflow/e2e';

import type { CaseContext, ChaosCase } from '../case.types';
import { whenMembership } from '../observe/group-members';

/** The groups whose effects a zombie could repeat (stock, charges, notifications), in turn. */
const ZOMBIES: { service: ServiceName; group: string }[] = [
  { service: 'payment', group: 'payment' },
  { service: 'inventory', group: 'inventory' },
  { service: 'notification', group: 'notification' },
];
const SESSION_TIMEOUT_MS = 10_000;
const LEASE_MS = 5_000;
/** A join or a rebalance after a session timeout, on a loaded 2-core box. */
const SETTLE_TIMEOUT_MS = 90_000;

/** `record.deferred` lines with reason lease-lost a service's log gained after `since`: the zombie fenced. */
const leaseLostSince = (logFile: string, since: number): number =>
  !existsSync(logFile)
    ? 0
    : readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('"lease-lost"'))
        .filter((line) => {
          const time = /"time":"([^"]+)"/.exec(line)?.[1];
          return time === undefined || Date.parse(time) >= since;
        }).length;

interface Round {
  group: string;
  /** The second instance reported ready (a loaded box can take longer than its start deadline). */
  started: boolean;
  /** The group settled on the second instance alone while the zombie was stopped. */
  rebalanced: boolean;
  /** The zombie, continued, joined the group again beside the second instance. */
  rejoined: boolean;
  pausedMs: number;
  leaseLost: number;
}

/** The group's second instance; undefined (the round fails) when two starts did not report ready. */
const startSecond = async (
  { system, dir, log }: CaseContext,
  group: string,
): Promise<ServiceProcess | undefined> => {
  for (let start = 1; start <= 2; start++) {
    try {
      return await startServiceProcess(group, system.pipeline.env, { logFile: join(dir, `${group}-2.log`) });
    } catch (error) {
      log(
        `${group}'s second instance, start ${start}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return undefined;
};

const zombieRound = async (context: CaseContext, zombie: (typeof ZOMBIES)[number]): Promise<Round> => {
  const { system, faults, dir, log } = context;
  const { namespace } = system.pipeline;
  const { service, group } = zombie;
  const before = await whenMembership(
    namespace,
    group,
    ({ memberIds }) => memberIds.length === 1,
    SETTLE_TIMEOUT_MS,
  );
  const zombieMembers = new Set(before?.memberIds ?? []);
  let second: ServiceProcess | undefined;
  try {
    second = await startSecond(context, group);
    if (second === undefined)
      return { group, started: false, rebalanced: false, rejoined: false, pausedMs: 0, leaseLost: 0 };
    faults.note('instance added', group);
    await whenMembership(namespace, group, ({ memberIds }) => memberIds.length === 2, SETTLE_TIMEOUT_MS);
    if (!(await faults.whenInFlight())) log(`nothing in flight for ${group}'s zombie; paused anyway`);
    const pausedAt = Date.now();
    faults.signal({ service }, 'SIGSTOP', 'SIGSTOP (zombie)');
    let rebalanced = false;
    try {
      // The coordinator drops the stopped member after its session; the group then runs on the second
      // instance alone, which claims the zombie's records once their leases have run out.
      const alone = await whenMembership(
        namespace,
        group,
        ({ memberIds }) => memberIds.length === 1 && !zombieMembers.has(memberIds[0]!),
        SESSION_TIMEOUT_MS + SETTLE_TIMEOUT_MS,
      );
      rebalanced = alone !== undefined;
      await sleep(LEASE_MS + 2_000);
    } finally {
      faults.signal({ service }, 'SIGCONT');
    }
    const resumedAt = Date.now();
    faults.healed(`${group} zombie continued after ${Math.round((resumedAt - pausedAt) / 1_000)} s`);
    const rejoined =
      (await whenMembership(
        namespace,
        group,
        ({ memberIds }) => memberIds.length === 2,
        SETTLE_TIMEOUT_MS,
      )) !== undefined;
    await faults.whenRecovered(SETTLE_TIMEOUT_MS);
    return {
      group,
      started: true,
      rebalanced,
      rejoined,
      pausedMs: resumedAt - pausedAt,
      leaseLost: leaseLostSince(join(dir, `${group}.log`), resumedAt),
    };
  } finally {
    if (second !== undefined) {
      faults.note('SIGTERM second instance', group);
      await second.close();
      faults.healed(`${group}'s second instance stopped`);
    }
  }
};

/**
 * Case 3: a zombie. Beside a second instance of its group, the harness's instance is stopped (SIGSTOP) while
 * it works: its session runs out, the group rebalances to the second instance, which claims the zombie's
 * records once their leases expire; then the zombie is continued (SIGCONT) with its handlers mid-flight
 * and its view of the group stale. Its writes must be fenced (lease tokens), its commits refused, and it
 * must rejoin. Payment, inventory and notification in turn. Sessions and leases are shortened as in
 * case 1. Expected: I1–I9 hold, one charge per order in the gateway's journal (I4), and each round saw
 * the rebalance and the rejoin (C3).
 */
export const zombieInstance: ChaosCase = {
  number: 3,
  name: 'zombie-instance',
  title: 'SIGSTOP an instance beside a second one of its group until the group rebalances, then SIGCONT',
  serviceEnv: {
    CONSUMER_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
    IDEMPOTENCY_LEASE_MS: String(LEASE_MS),
  },
  minLoadSeconds: 180,
  async inject(context) {
    const rounds: Round[] = [];
    for (const zombie of ZOMBIES) {
      if (!(await context.faults.whenInFlight())) {
        context.log(`nothing left in flight: ${rounds.length} zombie round(s)`);
        break;
      }
      rounds.push(await zombieRound(context, zombie));
      context.log(`zombie ${JSON.stringify(rounds.at(-1))}`);
    }
    const failed = rounds.filter((round) => !round.started || !round.rebalanced || !round.rejoined);
    context.checks.push({
      id: 'C3',
      name: 'each zombie round: a second instance joined, the group rebalanced away from the zombie, and it rejoined',
      pass: rounds.length > 0 && failed.length === 0,
      counts: {
        rounds: rounds.length,
        started: rounds.filter((round) => round.started).length,
        rebalanced: rounds.filter((round) => round.rebalanced).length,
        rejoined: rounds.filter((round) => round.rejoined).length,
        zombieLeaseLost: rounds.reduce((sum, round) => sum + round.leaseLost, 0),
        maxPausedSeconds: Math.round(Math.max(0, ...rounds.map((round) => round.pausedMs)) / 1_000),
      },
      examples: failed,
    });
  },
};
