import type { Migration } from 'kysely';
import { initial } from './0001-initial';
import { chat } from './0002-chat';

/** PostgreSQL migrations in order of their names. Never edit a released one: add the next. */
export const postgresMigrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-chat': chat,
};
