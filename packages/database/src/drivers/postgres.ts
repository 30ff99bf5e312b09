import pg from 'pg';
import type { Database } from '../database';
import { postgresMigrations } from '../migrations/postgres';
import { Kysely, PostgresDialect } from '../sql/kysely';
import type { Schema } from '../sql/schema';
import { openMigratedSqlDatabase } from '../sql/sql-database';

/** Options of the PostgreSQL driver. */
export interface PostgresOptions {
  /** A connection URL, e.g. postgres://user:pass@host:5432/ermine. */
  url: string;
  /** Maximum connections in the pool (default 10). */
  poolSize?: number;
}

const INT8_OID = 20;

// bigint columns hold epoch milliseconds and counts, all far below 2^53: read them as numbers.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Connects a pool to PostgreSQL and applies pending migrations (serialised across processes
 * by the migrator's lock). For composition roots only.
 */
export async function openPostgresDatabase(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types,
  });
  // An idle client losing its server is dropped by the pool; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return openMigratedSqlDatabase(db, 'postgres', postgresMigrations);
}
