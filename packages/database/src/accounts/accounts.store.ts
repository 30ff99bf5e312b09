import type { EpochMs } from '../rows';

/** E-mail verification state. `Moving` means an e-mail change waits for confirmation. */
export type AccountVerification =
  | { status: 'Verified' }
  | { status: 'Pending'; token: string; expiry: EpochMs }
  | { status: 'Moving'; newEmail: string; token: string; expiry: EpochMs };

/** A pending password reset sent by e-mail. */
export interface AccountPasswordReset {
  token: string;
  expiry: EpochMs;
}

/** Account deletion state: waiting for the e-mail link, scheduled after a time, or done. */
export type AccountDeletion =
  | { status: 'WaitingForVerification'; token: string; expiry: EpochMs }
  | { status: 'Scheduled'; after: EpochMs }
  | { status: 'Deleted' };

/** Failed-login counter; `expiry` is when the current lock ends (null: not locked). */
export interface AccountLockout {
  attempts: number;
  expiry: EpochMs | null;
}

/**
 * What AccountStore.takeLoginAttempt decided: `allowed` with the lockout now stored, or not
 * allowed (locked at that time) with the lockout left as it was.
 */
export interface LoginAttempt {
  allowed: boolean;
  lockout: AccountLockout | null;
}

/** TOTP secret (base32) and whether it is still waiting for its first code. */
export interface AccountTotp {
  status: 'Pending' | 'Enabled';
  secret: string;
}

/** Multi-factor settings of an account. */
export interface AccountMfa {
  totp: AccountTotp | null;
  recoveryCodes: string[];
}

/** A login identity (authifier's account). Its id is also the id of the user it onboards. */
export interface AccountRow {
  id: string;
  email: string;
  /** Normalised e-mail (see Stoat's rules); unique across accounts. */
  emailNormalised: string;
  passwordHash: string;
  disabled: boolean;
  verification: AccountVerification;
  passwordReset: AccountPasswordReset | null;
  deletion: AccountDeletion | null;
  lockout: AccountLockout | null;
  mfa: AccountMfa;
  createdAt: EpochMs;
}

/** Fields of an account that can change. */
export type AccountPatch = Partial<Omit<AccountRow, 'id'>>;

/** What a new account must be given; every other field starts in its initial state. */
export type NewAccountFields = Pick<
  AccountRow,
  'id' | 'email' | 'emailNormalised' | 'passwordHash' | 'createdAt'
> &
  Partial<AccountRow>;

/** A new account's row: verified, enabled, no reset, deletion or lockout pending, no MFA. */
export function newAccountRow(fields: NewAccountFields): AccountRow {
  return {
    disabled: false,
    verification: { status: 'Verified' },
    passwordReset: null,
    deletion: null,
    lockout: null,
    mfa: { totp: null, recoveryCodes: [] },
    ...fields,
  };
}

/** Accounts (e-mail + password identities). */
export interface AccountStore {
  /** Inserts an account; throws DuplicateKeyError when the normalised e-mail or id is taken. */
  create(row: AccountRow): Promise<void>;
  findById(id: string): Promise<AccountRow | null>;
  /** Looks up by the already normalised e-mail. */
  findByEmail(emailNormalised: string): Promise<AccountRow | null>;
  /** The account whose `verification` (Pending or Moving) carries this token. */
  findByVerificationToken(token: string): Promise<AccountRow | null>;
  /** The account whose `passwordReset` carries this token. */
  findByPasswordResetToken(token: string): Promise<AccountRow | null>;
  /** The account whose `deletion` (WaitingForVerification) carries this token. */
  findByDeletionToken(token: string): Promise<AccountRow | null>;
  /** Ids of accounts whose deletion is Scheduled with `after` <= `nowMs`. */
  listDueDeletions(nowMs: EpochMs): Promise<string[]>;
  /** Applies `patch`; returns false when no such account. DuplicateKeyError on an e-mail clash. */
  update(id: string, patch: AccountPatch): Promise<boolean>;
  /**
   * Checks and counts one login attempt in a single atomic step, before the password is checked:
   * when the lockout is active at `nowMs` (its expiry lies ahead) nothing changes and the attempt
   * is not allowed; otherwise the lockout becomes `next(previous)` (the caller's schedule, a pure
   * function) and the attempt is allowed. Concurrent calls for one account see each other's
   * counts. Null when no such account.
   */
  takeLoginAttempt(
    id: string,
    nowMs: EpochMs,
    next: (previous: AccountLockout | null) => AccountLockout,
  ): Promise<LoginAttempt | null>;
  /** Removes the account; returns false when it did not exist. */
  delete(id: string): Promise<boolean>;
}
