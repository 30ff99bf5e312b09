import type { EpochMs } from '../rows';

/** Web Push subscription stored on a session. */
export interface PushSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** A login session. Only a hash of its token is stored. */
export interface SessionRow {
  id: string;
  userId: string;
  /** Hash of the session token; unique. */
  tokenHash: string;
  name: string;
  lastSeen: EpochMs;
  origin: string | null;
  subscription: PushSubscription | null;
  createdAt: EpochMs;
}

/** Fields of a session that can change. */
export type SessionPatch = Partial<Pick<SessionRow, 'name' | 'lastSeen' | 'subscription'>>;

/** Sessions of accounts (`userId` is the account id). */
export interface SessionStore {
  /** Inserts a session; DuplicateKeyError when the id or token hash is taken. */
  create(row: SessionRow): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<SessionRow | null>;
  findById(id: string): Promise<SessionRow | null>;
  /** Every session of the user, oldest first. */
  listByUser(userId: string): Promise<SessionRow[]>;
  /** Sessions of these users that hold a push subscription. */
  listSubscribed(userIds: string[]): Promise<SessionRow[]>;
  /** Applies `patch`; returns false when no such session. */
  update(id: string, patch: SessionPatch): Promise<boolean>;
  /** Removes the session; returns false when it did not exist. */
  delete(id: string): Promise<boolean>;
  /** Removes every session of the user except `exceptId`; returns the removed ids. */
  deleteByUser(userId: string, options?: { exceptId?: string }): Promise<string[]>;
}
