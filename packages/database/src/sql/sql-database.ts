import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Migration } from 'kysely';
import type { Database, Dialect } from '../database';
import { domains, type DomainStores } from '../domains';
import { migrateToLatest } from '../migrations/migrate';
import { codecFor } from './codec';
import type { SqlContext } from './context';
import type { Schema } from './schema';

/** The transaction running on the current async path, and the Database it belongs to. */
interface TransactionScope {
  owner: object;
  active: boolean;
}

const scopes = new AsyncLocalStorage<TransactionScope>();

// Using the outer Database inside its own transaction would wait forever on SQLite's single
// connection (and silently escape the transaction on PostgreSQL), so it fails loudly instead.
function assertOutside(owner: object): void {
  const scope = scopes.getStore();
  if (scope?.active && scope.owner === owner) {
    throw new Error('this code runs inside db.transaction(): use the `tx` handle it was given');
  }
}

function guarded<T extends object>(store: T, owner: object): T {
  const entries = Object.entries(store).map(([name, value]) => {
    if (typeof value !== 'function') return [name, value];
    const method = value as (...args: unknown[]) => Promise<unknown>;
    return [
      name,
      (...args: unknown[]) => {
        try {
          assertOutside(owner);
        } catch (err) {
          return Promise.reject(err);
        }
        return method.apply(store, args);
      },
    ];
  });
  return Object.fromEntries(entries) as T;
}

// Every registered domain's store over `ctx`, each optionally wrapped (the root guards them).
function stores(ctx: SqlContext<Schema>, wrap: <T extends object>(store: T) => T): DomainStores {
  const entries = Object.entries(domains).map(([name, domain]) => {
    // Each store asks for its own tables, which the Schema holds by construction; Kysely's
    // builder type is invariant in its table map, hence the cast.
    const build = domain.sqlStore as unknown as (ctx: SqlContext<Schema>) => object;
    return [name, wrap(build(ctx))];
  });
  return Object.fromEntries(entries) as DomainStores;
}

function buildTransaction(ctx: SqlContext<Schema>): Database {
  const tx: Database = {
    dialect: ctx.dialect,
    ...stores(ctx, (store) => store),
    transaction: (fn) => fn(tx),
    close: async () => {
      throw new Error('close the Database, not a transaction handle');
    },
  };
  return tx;
}

function buildRoot(ctx: SqlContext<Schema>, close: () => Promise<void>): Database {
  const owner = {};
  return {
    dialect: ctx.dialect,
    ...stores(ctx, (store) => guarded(store, owner)),
    async transaction(fn) {
      assertOutside(owner);
      const scope: TransactionScope = { owner, active: true };
      try {
        return await scopes.run(scope, () =>
          ctx.db.transaction().execute((trx) => fn(buildTransaction({ ...ctx, db: trx }))),
        );
      } finally {
        // Work the transaction started but did not await may use the Database afterwards.
        scope.active = false;
      }
    },
    close,
  };
}

/**
 * A Database over an already migrated Kysely instance. `close` runs once, on the first
 * Database.close (it should destroy the Kysely instance and anything under it).
 */
export function createSqlDatabase(
  db: Kysely<Schema>,
  dialect: Dialect,
  close: () => Promise<void>,
): Database {
  let closed: Promise<void> | null = null;
  return buildRoot({ db, dialect, codec: codecFor(dialect) }, () => (closed ??= close()));
}

/**
 * Applies the pending `migrations`, then returns the Database over `db` (closing destroys it).
 * When a migration fails, `db` is destroyed before the error is thrown.
 */
export async function openMigratedSqlDatabase(
  db: Kysely<Schema>,
  dialect: Dialect,
  migrations: Record<string, Migration>,
): Promise<Database> {
  try {
    await migrateToLatest(db as Kysely<unknown>, migrations);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return createSqlDatabase(db, dialect, () => db.destroy());
}
