import type { Migration } from 'kysely';
import { initial } from './0001-initial';
import { chat } from './0002-chat';

/** SQLite migrations in order of their names. Never edit a released one: add the next. */
export const sqliteMigrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-chat': chat,
};
