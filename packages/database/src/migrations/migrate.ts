import type { Kysely, Migration } from 'kysely';
import { Migrator } from '../sql/kysely';

/** Name of the table that records applied migrations (and its lock table). */
export const MIGRATION_TABLE = 'ermine_migration';

/**
 * Applies every migration not yet recorded, in name order; returns the names applied now.
 * Throws (naming the migration) when one fails; earlier ones stay applied.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  migrations: Record<string, Migration>,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`database migration failed${where}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
