import { OrderflowError } from '@orderflow/errors';
import { connectAdmin } from '@orderflow/kafka';
import { pollUntil } from '@orderflow/wait';

import type { KafkaNode } from './components/kafka.component';
import type { ComponentName } from './components/stack-component';
import type { EmbeddedStack } from './embedded-stack';
import { isAlive } from './managed-process';
import { silentReporter } from './stack-reporter';

/** Faults a chaos test injects into the embedded stack's processes, Kafka nodes named by `node.id`. */
export interface StackFaults {
  /** The pid of each server that runs now: `kafka` or `kafka-<id>`, `schema-registry`, `redis`. */
  pids(): Partial<Record<ComponentName, number>>;
  /**
   * The node id leading a partition, as the live brokers' metadata says. Right after a kill it may still
   * name the dead node until the controller notices (broker session timeout, 9 s): poll for a change.
   */
  leaderOf(topic: string, partition: number): Promise<number>;
  /** SIGKILL, as a crash: resolves once the process is gone. */
  kill(nodeId: number): Promise<void>;
  /** SIGSTOP: the node keeps its sockets open and answers nothing, like a stalled or partitioned one. */
  pause(nodeId: number): void;
  /** SIGCONT after `pause`. */
  resume(nodeId: number): void;
  /** Starts a killed or stopped node again on its data and waits until it answers. */
  restart(nodeId: number, timeoutMs?: number): Promise<void>;
}

export const createStackFaults = (stack: EmbeddedStack): StackFaults => {
  const nodeOf = (nodeId: number): KafkaNode => {
    const node = stack.kafka.nodes.find((candidate) => candidate.nodeId === nodeId);
    if (node === undefined) {
      throw new OrderflowError('CONFIG_INVALID', `No Kafka node ${nodeId} in this stack.`, {
        context: { nodeId, nodes: stack.kafka.nodes.map((candidate) => candidate.nodeId) },
      });
    }
    return node;
  };
  const pidOf = (nodeId: number): number => {
    const pid = nodeOf(nodeId).pid();
    if (pid === undefined) {
      throw new OrderflowError('STACK_NOT_RUNNING', `Kafka node ${nodeId} is not running.`, {
        context: { nodeId },
      });
    }
    return pid;
  };

  return {
    pids: () => stack.pids(),
    async leaderOf(topic, partition) {
      const live = stack.kafka.nodes.filter((node) => node.pid() !== undefined);
      const admin = await connectAdmin({
        brokers: live.map((node) => node.address),
        clientId: 'orderflow-stack-faults',
        logLevel: 'nothing',
      });
      try {
        const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
        const leader = metadata?.partitions.find((entry) => entry.partitionId === partition)?.leader;
        if (leader === undefined || leader < 0) {
          throw new OrderflowError('DEPENDENCY_UNAVAILABLE', `${topic}[${partition}] has no leader now.`, {
            retriable: true,
            context: { topic, partition },
          });
        }
        return leader;
      } finally {
        await admin.disconnect();
      }
    },
    async kill(nodeId) {
      const pid = pidOf(nodeId);
      process.kill(pid, 'SIGKILL');
      await pollUntil(() => Promise.resolve(isAlive(pid) ? undefined : true), {
        description: `Kafka node ${nodeId} (pid ${pid}) to exit`,
        timeoutMs: 10_000,
      });
    },
    pause: (nodeId) => process.kill(pidOf(nodeId), 'SIGSTOP'),
    resume: (nodeId) => process.kill(pidOf(nodeId), 'SIGCONT'),
    async restart(nodeId, timeoutMs = stack.settings.readyTimeoutMs) {
      const node = nodeOf(nodeId);
      await node.prepare(silentReporter);
      node.start(silentReporter);
      await node.waitUntilReady(timeoutMs);
    },
  };
};
