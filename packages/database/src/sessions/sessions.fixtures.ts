import { ulid } from 'ulid';
import { randomHex } from '../fixtures';
import type { SessionRow } from './sessions.store';

/** A session of `userId` without a push subscription, with a fresh token hash (test row builder). */
export function sessionRow(userId: string, overrides: Partial<SessionRow> = {}): SessionRow {
  const now = Date.now();
  return {
    id: ulid(),
    userId,
    tokenHash: randomHex(32),
    name: 'Unknown',
    lastSeen: now,
    origin: null,
    subscription: null,
    createdAt: now,
    ...overrides,
  };
}
