import type { ChaosCase } from '../case.types';
import { killServices } from './01-kill-services';
import { failPointCrashes } from './02-fail-points';
import { zombieInstance } from './03-zombie-instance';
import { rebalanceChurn } from './04-rebalance-churn';
import { pauseKafka } from './05-pause-kafka';
import { killKafka } from './06-kill-kafka';
import { killRedis } from './07-kill-redis';
import { redisRollback } from './08-redis-rollback';
import { stallRedis } from './09-stall-redis';
import { registryFaults } from './10-registry-faults';
import { badRecords } from './11-bad-records';
import { retryOrder } from './12-retry-order';
import { proxyFaults } from './13-proxy-faults';
import { gracefulRolls } from './14-roll-services';
import { groupOutage } from './15-group-outage';
import { clusterBrokerLoss } from './16-cluster-broker-loss';
import { clusterInstances } from './17-cluster-instances';
import { killConnect } from './18-kill-connect';
import { restartPostgres } from './19-restart-postgres';

// One line per case, in number order: engineers adding cases each add their own line (and import).
export const CASES: readonly ChaosCase[] = [
  killServices,
  failPointCrashes,
  zombieInstance,
  rebalanceChurn,
  pauseKafka,
  killKafka,
  killRedis,
  redisRollback,
  stallRedis,
  registryFaults,
  badRecords,
  retryOrder,
  proxyFaults,
  gracefulRolls,
  groupOutage,
  clusterBrokerLoss,
  clusterInstances,
  killConnect,
  restartPostgres,
];
