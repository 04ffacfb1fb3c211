export {
  createIdempotencyStore,
  type Claim,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
} from './idempotency-store';
