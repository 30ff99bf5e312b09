import type { Dialect } from './dialect';
import type { DomainStores } from './domains';

export type { Dialect } from './dialect';

/**
 * The `db` port: one store per domain registered in `domains.ts` (`db.accounts`, `db.users`…).
 * Opened by a driver in `drivers/`.
 */
export interface Database extends DomainStores {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back when it throws.
   * Calling `transaction` on `tx` again joins the same transaction.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** Closes the connection(s); the Database must not be used afterwards. */
  close(): Promise<void>;
}
