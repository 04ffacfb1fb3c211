import { Gauge, Registry } from 'prom-client';

import { GROUP_STATUSES } from './group-status';
import type { LagReport } from './lag-report.types';

/**
 * The report in the Prometheus text format, with kafka_exporter's metric and label names so community
 * dashboards (Grafana 7589) work unchanged. Labels are set in alphabetical order because that is how
 * kafka_exporter (the Go client) prints them; Prometheus does not care, people diffing the output do.
 * A fresh registry per report: partitions and groups that disappeared leave no stale series behind.
 */
export const renderLagExposition = (report: LagReport): Promise<string> => {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });

  const currentOffset = gauge(
    'kafka_consumergroup_current_offset',
    'Current Offset of a ConsumerGroup at Topic/Partition',
    ['consumergroup', 'partition', 'topic'],
  );
  const lag = gauge(
    'kafka_consumergroup_lag',
    'Current Approximate Lag of a ConsumerGroup at Topic/Partition',
    ['consumergroup', 'partition', 'topic'],
  );
  const lagSeconds = gauge(
    'kafka_consumergroup_lag_seconds',
    'Approximate time since the log end reached the committed offset, interpolated from sampled log-end offsets',
    ['consumergroup', 'partition', 'topic'],
  );
  const maxLagSeconds = gauge(
    'kafka_consumergroup_max_lag_seconds',
    'Largest kafka_consumergroup_lag_seconds of a ConsumerGroup',
    ['consumergroup'],
  );
  const members = gauge('kafka_consumergroup_members', 'Amount of members in a consumer group', [
    'consumergroup',
  ]);
  const status = gauge(
    'kafka_consumergroup_status',
    '1 for the current status of a ConsumerGroup: ok, stalled (members but no progress) or stopped (no members, lag)',
    ['consumergroup', 'status'],
  );
  const topicCurrent = gauge(
    'kafka_topic_partition_current_offset',
    'Current Offset of a Broker at Topic/Partition',
    ['partition', 'topic'],
  );
  const topicOldest = gauge(
    'kafka_topic_partition_oldest_offset',
    'Oldest Offset of a Broker at Topic/Partition',
    ['partition', 'topic'],
  );

  for (const group of report.groups) {
    const consumergroup = group.group;
    members.set({ consumergroup }, group.members);
    maxLagSeconds.set({ consumergroup }, group.maxLagSeconds);
    for (const value of GROUP_STATUSES)
      status.set({ consumergroup, status: value }, value === group.status ? 1 : 0);
    for (const partition of group.partitions) {
      const labels = { consumergroup, partition: String(partition.partition), topic: partition.topic };
      currentOffset.set(labels, partition.committedOffset);
      lag.set(labels, partition.lag);
      lagSeconds.set(labels, partition.lagSeconds);
    }
  }
  for (const partition of report.topics) {
    const labels = { partition: String(partition.partition), topic: partition.topic };
    topicCurrent.set(labels, partition.logEndOffset);
    topicOldest.set(labels, partition.oldestOffset);
  }
  return registry.metrics();
};
