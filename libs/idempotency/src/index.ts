export { fencedSetIfAbsent, type FencedWrite } from './fenced-write';
export type { FencingToken } from './fencing-token';
export {
  createIdempotencyStore,
  type Claim,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
} from './idempotency-store';
export { doneMarkers, type DoneMarkers, type DoneMarkersOptions } from './done-markers';
export { storedOffsetKey, writeStoredOffsets, type StoredOffsetsTarget } from './stored-offsets';
