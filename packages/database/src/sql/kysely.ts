// Kysely's values, loaded once through `require` from its CommonJS build. Under tsx every ES
// module also passes through the loader thread: Kysely's two hundred modules cost a bare tsx
// process about 34 MB of RSS that way and 8 MB through `require` (the idle server saves about
// 12 MB, bench/src/idle-memory.ts).
// Every value import of kysely goes through this module (lint enforces it), so there is never a
// second copy; types still come from 'kysely' itself.
import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';

const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyModule;

/** Kysely's query builder (its type is `Kysely<DB>` from 'kysely'). */
export const Kysely = kysely.Kysely;
/** The raw SQL template tag. */
export const sql = kysely.sql;
/** Runs migrations and records them in a table. */
export const Migrator = kysely.Migrator;
/** A query already compiled to SQL text and parameters. */
export const CompiledQuery = kysely.CompiledQuery;
/** SQLite's dialect, driver and adapter, extended by the SQLite driver. */
export const { SqliteAdapter, SqliteDialect, SqliteDriver } = kysely;
/** PostgreSQL's dialect. */
export const PostgresDialect = kysely.PostgresDialect;
