import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { DatabaseConnection, DialectAdapter, Driver } from 'kysely';
import type { Database } from '../database';
import { sqliteMigrations } from '../migrations/sqlite';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver } from '../sql/kysely';
import type { Schema } from '../sql/schema';
import { openMigratedSqlDatabase } from '../sql/sql-database';

/** Options of the embedded SQLite driver. */
export interface SqliteOptions {
  /** Path of the database file (its folder is created), or ':memory:'. */
  file: string;
  /** How long a writer waits for another process's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

// `begin immediate` takes the write lock up front, so two processes sharing a file wait on
// busy_timeout instead of failing with SQLITE_BUSY when a read transaction upgrades.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

// SQLite's DDL is transactional, so migrations run inside one transaction each run.
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** How many distinct SQL texts keep their prepared statement. */
const STATEMENT_CACHE_SIZE = 500;

type StatementSource = Pick<BetterSqlite3.Database, 'prepare' | 'close'>;

// Kysely prepares every query afresh; preparing is a large share of a small query's cost, and the
// stores issue the same few SQL texts over and over, so prepared statements are kept by SQL text.
function withStatementCache(database: BetterSqlite3.Database): StatementSource {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      return database.close();
    },
    prepare: (sql: string) => {
      const hit = cache.get(sql);
      if (hit) return hit;
      const statement = database.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(sql, statement);
      return statement;
    },
  } as StatementSource;
}

class ErmineSqliteDialect extends SqliteDialect {
  readonly #database: StatementSource;

  constructor(database: BetterSqlite3.Database) {
    const cached = withStatementCache(database);
    super({ database: cached });
    this.#database = cached;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

function isMemory(file: string): boolean {
  return file === ':memory:' || file === '';
}

function openFile(file: string, busyTimeoutMs: number): BetterSqlite3.Database {
  if (!isMemory(file)) mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new BetterSqlite3(file, { timeout: busyTimeoutMs });
  try {
    sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const mode = String(sqlite.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
    if (!isMemory(file) && mode !== 'wal') {
      throw new Error(`SQLite could not switch ${file} to WAL mode (got ${mode})`);
    }
    // FULL syncs the WAL on every commit: an acknowledged write survives a crash or power loss.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    return sqlite;
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

/**
 * Opens (creating if needed) a SQLite database file in WAL mode and applies pending migrations.
 * For composition roots only.
 */
export async function openSqliteDatabase(options: SqliteOptions): Promise<Database> {
  const sqlite = openFile(options.file, options.busyTimeoutMs ?? 5000);
  const db = new Kysely<Schema>({ dialect: new ErmineSqliteDialect(sqlite) });
  return openMigratedSqlDatabase(db, 'sqlite', sqliteMigrations);
}
