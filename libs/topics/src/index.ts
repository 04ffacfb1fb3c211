export {
  loadTopicsFile,
  parseTopicsFile,
  type LoadTopicsFileOptions,
  type ParseTopicsFileOptions,
} from './topics-file.loader';
export type { TopicsFile } from './topics-file.schema';
export {
  resolveTopicSpecs,
  DEFAULT_ENVIRONMENT,
  type ResolveTopicSpecsOptions,
} from './topic-specs.resolver';
export {
  consumerGroups,
  consumerGroup,
  type ConsumerGroupModel,
  type ConsumerGroupsOptions,
  type RetryTier,
} from './consumer-groups.model';

export { parseRetryDelay, type RetryDelay } from './retry-delay.parser';
export type { ActualTopic, BrokerState, TopicKind, TopicSpec } from './topic-spec.types';
export type { ApplyProgress, ConfigChange, TopicPlan, TopicRefusal, TopicUpdate } from './topic-plan.types';
export { planTopics, hasChanges, type PlanTopicsOptions } from './topic-plan.planner';
export { formatTopicPlan, formatApplyProgress } from './topic-plan.printer';
export { readBrokerTopics, type ReadBrokerTopicsOptions } from './broker-topics.reader';
export { applyTopicPlan, createTopic, type ApplyTopicPlanOptions } from './topic-plan.applier';
