import { Kysely, PostgresDialect } from 'kysely';

import type { PostgresPool } from './postgres-pool';

/** A typed query builder over a pool; `Tables` describes the tables (see the payment service's schema). */
export const createDatabase = <Tables>(pool: PostgresPool): Kysely<Tables> =>
  new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
