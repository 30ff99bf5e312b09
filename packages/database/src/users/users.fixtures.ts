import { ulid } from 'ulid';
import { randomHex } from '../fixtures';
import { newUserRow, type UserRow } from './users.store';

/** A plain user with a random username and discriminator 0002 (test row builder). */
export function userRow(overrides: Partial<UserRow> = {}): UserRow {
  return newUserRow({
    id: ulid(),
    username: `User_${randomHex(5)}`,
    discriminator: '0002',
    createdAt: Date.now(),
    ...overrides,
  });
}
