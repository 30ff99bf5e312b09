import type { Kysely } from 'kysely';
import { sql } from './kysely';
import type { Dialect } from '../dialect';
import { DuplicateKeyError } from '../errors';
import type { Codec } from './codec';

/**
 * What every store implementation works with: a query builder (maybe a transaction) over the
 * `Tables` it needs, and a codec.
 */
export interface SqlContext<Tables> {
  db: Kysely<Tables>;
  codec: Codec;
  dialect: Dialect;
}

/** The DuplicateKeyError for a unique-constraint failure of either driver, else null. */
export function asDuplicateKey(err: unknown): DuplicateKeyError | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const detail = String(e.message).replace(/^UNIQUE constraint failed: /, '');
    return new DuplicateKeyError(detail, { cause: err });
  }
  if (e.code === '23505') {
    return new DuplicateKeyError(String(e.constraint ?? 'unique'), { cause: err });
  }
  return null;
}

/**
 * Runs a write that may hit a unique constraint, turning the failure into DuplicateKeyError.
 * Inside a transaction the write gets a savepoint, so a caught DuplicateKeyError leaves the
 * transaction usable (PostgreSQL would otherwise abort it).
 */
export async function uniqueWrite<Tables, T>(
  ctx: SqlContext<Tables>,
  write: () => Promise<T>,
): Promise<T> {
  if (!ctx.db.isTransaction) return rethrowDuplicate(write);
  await sql`savepoint ermine_unique`.execute(ctx.db);
  try {
    const result = await write();
    await sql`release savepoint ermine_unique`.execute(ctx.db);
    return result;
  } catch (err) {
    await sql`rollback to savepoint ermine_unique`.execute(ctx.db);
    await sql`release savepoint ermine_unique`.execute(ctx.db);
    throw asDuplicateKey(err) ?? err;
  }
}

async function rethrowDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw asDuplicateKey(err) ?? err;
  }
}

/** Runs `fn` atomically: in the current transaction if there is one, else in a new one. */
export function atomic<Tables, T>(
  ctx: SqlContext<Tables>,
  fn: (ctx: SqlContext<Tables>) => Promise<T>,
): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}

/** Number of rows a Kysely update/delete result reports. */
export function affected(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number {
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
}
