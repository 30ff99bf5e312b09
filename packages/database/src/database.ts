import type { AccountStore } from './stores/accounts.store';
import type { MfaTicketStore } from './stores/mfa-tickets.store';
import type { RelationshipStore } from './stores/relationships.store';
import type { SessionStore } from './stores/sessions.store';
import type { UserStore } from './stores/users.store';

/** Which SQL engine is behind a Database. */
export type Dialect = 'sqlite' | 'postgres';

/** The `db` port: one store per domain. Opened by a driver in `drivers/`. */
export interface Database {
  readonly dialect: Dialect;
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly mfaTickets: MfaTicketStore;
  readonly users: UserStore;
  readonly relationships: RelationshipStore;
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back when it throws.
   * Calling `transaction` on `tx` again joins the same transaction.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** Closes the connection(s); the Database must not be used afterwards. */
  close(): Promise<void>;
}
