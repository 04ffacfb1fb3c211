export { amqpProbe } from './amqp-probe';
export { createAmqpConnection, type AmqpConnectionManager } from './amqp-connection';
export { JOB_HEADERS, type Job } from './job-message';
export {
  createJobPublisher,
  type JobPublisher,
  type JobPublisherOptions,
  type PublishOptions,
} from './job-publisher';
export {
  createJobWorker,
  type JobDisposition,
  type JobWorker,
  type JobWorkerOptions,
  type ReceivedJob,
} from './job-worker';
export { readQueueStats, type QueueStats } from './queue-stats';
export { applyQueueTopology, type TopologyChange } from './queue-topology-apply';
export { deleteQueueTopology } from './queue-topology-delete';
export {
  loadQueueTopology,
  queueDeclarations,
  type DelayTier,
  type QueueTopology,
  type WorkQueue,
} from './queue-topology';
export { peekJobs, redriveJobs, type QueuedJob, type RedriveOptions } from './dead-letters';
