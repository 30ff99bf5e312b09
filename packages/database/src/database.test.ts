import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import {
  freshPostgresDatabase,
  servicesRequired,
  testPostgresAdminUrl,
  type FreshPostgresDatabase,
} from '@ermine/testing/postgres';
import { loadDatabaseCases, persistenceCases, type ReopenableStorage } from './database.case';
import type { Database } from './database';
import { openPostgresDatabase } from './drivers/postgres';
import { openSqliteDatabase } from './drivers/sqlite';
import { MIGRATION_TABLE } from './migrations/migrate';
import { postgresMigrations } from './migrations/postgres';
import { sqliteMigrations } from './migrations/sqlite';

// Every domain registered in domains.ts, then the transaction contract.
const databaseCases = await loadDatabaseCases();

// Connected before any suite starts: the SQLite suites run synchronously for seconds at a time
// and would starve the connection's timeout.
const pgFresh = await freshPostgresDatabase();
const pgCreated: FreshPostgresDatabase[] = [];
after(async () => {
  for (const d of pgCreated) await d.drop();
});

const tempRoot = await mkdtemp(join(tmpdir(), 'ermine-db-test-'));
after(() => rm(tempRoot, { recursive: true, force: true }));
let fileCount = 0;

/** A path inside folders that do not exist yet (the driver must create them). */
function newSqliteFile(): string {
  fileCount += 1;
  return join(tempRoot, `run-${fileCount}`, 'nested', 'ermine.sqlite');
}

describe('sqlite (:memory:)', () => {
  databaseCases(() => openSqliteDatabase({ file: ':memory:' }), 'sqlite');
});

describe('sqlite (file)', () => {
  const shared = newSqliteFile();
  databaseCases(() => openSqliteDatabase({ file: shared }), 'sqlite');
  persistenceCases(
    async () => {
      const file = newSqliteFile();
      return { open: () => openSqliteDatabase({ file }) };
    },
    // Two connections of one process would block each other inside better-sqlite3's
    // synchronous busy wait; the embedded mode opens a file once per process.
    { concurrentOpen: false },
  );

  test('sqlite file: WAL journal; one row per migration after several opens', async () => {
    const file = newSqliteFile();
    for (let i = 0; i < 3; i++) await (await openSqliteDatabase({ file })).close();
    const raw = new BetterSqlite3(file, { readonly: true });
    try {
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      const names = raw.prepare(`select name from ${MIGRATION_TABLE} order by name`).all();
      assert.deepEqual(
        names.map((r) => (r as { name: string }).name),
        Object.keys(sqliteMigrations),
      );
    } finally {
      raw.close();
    }
  });
});

if (pgFresh === null && servicesRequired()) {
  test('postgres', () => {
    assert.fail(`PostgreSQL is unreachable at ${testPostgresAdminUrl()} and CI=true`);
  });
}

const pgSkip =
  pgFresh === null
    ? `PostgreSQL unreachable at ${testPostgresAdminUrl()} (set ERMINE_TEST_POSTGRES_URL)`
    : false;

describe('postgres', { skip: pgSkip }, () => {
  if (pgFresh === null) return;
  pgCreated.push(pgFresh);
  const open = (): Promise<Database> => openPostgresDatabase({ url: pgFresh.url, poolSize: 4 });
  databaseCases(open, 'postgres');

  const freshStorage = async (): Promise<ReopenableStorage> => {
    const created = await freshPostgresDatabase();
    assert.ok(created, 'PostgreSQL went away during the run');
    pgCreated.push(created);
    return { open: () => openPostgresDatabase({ url: created.url, poolSize: 2 }) };
  };
  persistenceCases(freshStorage, { concurrentOpen: true });

  test('postgres: one row per migration after several opens', async () => {
    for (let i = 0; i < 2; i++) await (await open()).close();
    const client = new pg.Client({ connectionString: pgFresh.url });
    await client.connect();
    try {
      const { rows } = await client.query(`select name from ${MIGRATION_TABLE} order by name`);
      assert.deepEqual(
        rows.map((r: { name: string }) => r.name),
        Object.keys(postgresMigrations),
      );
    } finally {
      await client.end();
    }
  });
});
