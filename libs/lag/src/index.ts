export { type GroupStatus, type PartitionProgress } from './group-status';
export { renderLagExposition } from './lag-exposition';
export { startLagExporter, type LagExporterOptions, type RunningLagExporter } from './lag-exporter';
export type { GroupLag, LagReport, PartitionLag } from './lag-report.types';
export type {
  GroupPartitionOffsets,
  GroupSample,
  LagSample,
  TopicPartitionOffsets,
} from './lag-sample.types';
export { createLagSampler, type LagSampler, type LagSamplerOptions } from './lag-sampler';
export { createLagTracker, type LagTracker, type LagTrackerOptions } from './lag-tracker';
export { type OffsetPoint } from './offset-history';
