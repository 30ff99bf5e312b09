import type { EpochMs } from '../rows';

/** A short-lived MFA ticket. Only a hash of its token is stored. */
export interface MfaTicketRow {
  id: string;
  accountId: string;
  /** Hash of the ticket token; unique. */
  tokenHash: string;
  validated: boolean;
  authorised: boolean;
  lastTotpCode: string | null;
  createdAt: EpochMs;
}

/** Fields of a ticket that can change. */
export type MfaTicketPatch = Partial<
  Pick<MfaTicketRow, 'validated' | 'authorised' | 'lastTotpCode'>
>;

/** MFA tickets (expiry is decided by the caller from `createdAt`). */
export interface MfaTicketStore {
  /** Inserts a ticket; DuplicateKeyError when the id or token hash is taken. */
  create(row: MfaTicketRow): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<MfaTicketRow | null>;
  /** Applies `patch`; returns false when no such ticket. */
  update(id: string, patch: MfaTicketPatch): Promise<boolean>;
  /** Removes the ticket; returns false when it did not exist (lets a caller consume it once). */
  delete(id: string): Promise<boolean>;
  /** Removes tickets created before `beforeMs`; returns how many. */
  deleteExpired(beforeMs: EpochMs): Promise<number>;
}
