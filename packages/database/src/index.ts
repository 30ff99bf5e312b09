export type { Database, Dialect } from './database';
export { DuplicateKeyError, isDuplicateKeyError } from './errors';
export { newAccountRow, type NewAccountFields } from './stores/accounts.store';
export { newUserRow, type NewUserFields } from './stores/users.store';
export type { EpochMs, StoredFile, StoredFileMetadata } from './stores/shared';
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
} from './stores/accounts.store';
export type {
  PushSubscription,
  SessionPatch,
  SessionRow,
  SessionStore,
} from './stores/sessions.store';
export type { MfaTicketPatch, MfaTicketRow, MfaTicketStore } from './stores/mfa-tickets.store';
export type {
  Presence,
  UserBot,
  UserPatch,
  UserProfile,
  UserRow,
  UserStatus,
  UserStore,
} from './stores/users.store';
export type {
  RelationshipEntry,
  RelationshipStatus,
  RelationshipStore,
} from './stores/relationships.store';
