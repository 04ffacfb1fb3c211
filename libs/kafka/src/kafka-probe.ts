import { newToolKafka } from './tool-client.factory';

export interface KafkaProbeOptions {
  brokers: readonly string[];
  clientId: string;
  /** Bounds the connect and the cluster description each: a dead broker fails the probe, never hangs it. */
  timeoutMs: number;
}

export interface ClusterSummary {
  clusterId: string;
  brokers: number;
  controller: number | null;
}

const withTimeout = <T>(work: Promise<T>, timeoutMs: number): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs).unref(),
    ),
  ]);

/** A health probe: connects, describes the cluster, disconnects; throws with the reason when Kafka is down. */
export const createKafkaProbe = ({ brokers, clientId, timeoutMs }: KafkaProbeOptions) => {
  const kafka = newToolKafka({
    brokers,
    clientId,
    connectionTimeoutMs: timeoutMs,
    requestTimeoutMs: timeoutMs,
    retries: 0,
    logLevel: 'nothing',
  });
  return async (): Promise<ClusterSummary> => {
    const admin = kafka.admin();
    try {
      await withTimeout(admin.connect(), timeoutMs);
      const cluster = await withTimeout(admin.describeCluster(), timeoutMs);
      return {
        clusterId: cluster.clusterId,
        brokers: cluster.brokers.length,
        controller: cluster.controller,
      };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
};
