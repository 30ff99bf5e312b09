export type { Database, Dialect } from './database';
export { DuplicateKeyError, isDuplicateKeyError } from './errors';
export { newAccountRow, type NewAccountFields } from './accounts/accounts.store';
export { newUserRow, type NewUserFields } from './users/users.store';
export type { EpochMs, StoredFile, StoredFileMetadata } from './rows';
export type {
  AccountDeletion,
  AccountLockout,
  AccountMfa,
  AccountPasswordReset,
  AccountPatch,
  AccountRow,
  AccountStore,
  AccountTotp,
  AccountVerification,
  LoginAttempt,
} from './accounts/accounts.store';
export type {
  PushSubscription,
  SessionPatch,
  SessionRow,
  SessionStore,
} from './sessions/sessions.store';
export type { MfaTicketPatch, MfaTicketRow, MfaTicketStore } from './mfa-tickets/mfa-tickets.store';
export type {
  Presence,
  UserBot,
  UserPatch,
  UserProfile,
  UserRow,
  UserStatus,
  UserStore,
} from './users/users.store';
export type {
  RelationshipEntry,
  RelationshipStatus,
  RelationshipStore,
} from './relationships/relationships.store';
