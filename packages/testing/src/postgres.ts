import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Admin URL used when ERMINE_TEST_POSTGRES_URL is unset. */
export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throwaway database: connect with `url`, remove it with `drop()`. */
export interface FreshPostgresDatabase {
  url: string;
  /** Drops the database, disconnecting whoever is still on it. */
  drop(): Promise<void>;
}

/** The admin URL tests create databases with. */
export function testPostgresAdminUrl(): string {
  return process.env.ERMINE_TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
}

async function connectAdmin(url: string): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch {
    await client.end().catch(() => undefined);
    return null;
  }
}

/**
 * Creates an empty database with a random name on the test PostgreSQL server
 * (ERMINE_TEST_POSTGRES_URL, default DEFAULT_TEST_POSTGRES_URL). Resolves null when the server
 * is unreachable; the caller decides whether that skips or fails (it must fail when CI=true).
 */
export async function freshPostgresDatabase(): Promise<FreshPostgresDatabase | null> {
  const adminUrl = testPostgresAdminUrl();
  const admin = await connectAdmin(adminUrl);
  if (admin === null) return null;
  const name = `ermine_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = await connectAdmin(adminUrl);
      if (client === null) throw new Error(`cannot reach PostgreSQL to drop ${name}`);
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** True when unreachable services must fail tests instead of skipping them. */
export function servicesRequired(): boolean {
  return process.env.CI === 'true';
}
