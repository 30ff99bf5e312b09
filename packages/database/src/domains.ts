import { sqlAccountStore } from './accounts/accounts.sql-store';
import type { OpenDatabase } from './fixtures';
import { sqlMfaTicketStore } from './mfa-tickets/mfa-tickets.sql-store';
import { sqlRelationshipStore } from './relationships/relationships.sql-store';
import { sqlSessionStore } from './sessions/sessions.sql-store';
import type { SqlContext } from './sql/context';
import { sqlUserStore } from './users/users.sql-store';

/** How one domain plugs into the Database. */
export interface Domain<Tables, Store> {
  /** Builds the domain's store over a query builder that has its `Tables` (maybe a transaction). */
  sqlStore(ctx: SqlContext<Tables>): Store;
  /** Loads the domain's contract cases (`<domain>.case.ts`); only the contract runner calls it. */
  cases(): Promise<StoreCases>;
}

/** What a domain's `<domain>.case.ts` exports: its store's contract, run once per driver. */
export interface StoreCases {
  storeCases(open: OpenDatabase): void;
}

/** Ties a domain's SQL store to its contract cases, keeping the store's table and port types. */
function domain<Tables, Store>(
  sqlStore: (ctx: SqlContext<Tables>) => Store,
  cases: Domain<Tables, Store>['cases'],
): Domain<Tables, Store> {
  return { sqlStore, cases };
}

/**
 * Every domain of the database, one entry each, keyed by its store's name on `Database`. The
 * Database type, the SQL schema, the SQL Database and the contract runner are all derived from
 * this list: a new domain adds its entry here.
 */
export const domains = {
  accounts: domain(sqlAccountStore, () => import('./accounts/accounts.case')),
  sessions: domain(sqlSessionStore, () => import('./sessions/sessions.case')),
  mfaTickets: domain(sqlMfaTicketStore, () => import('./mfa-tickets/mfa-tickets.case')),
  users: domain(sqlUserStore, () => import('./users/users.case')),
  relationships: domain(sqlRelationshipStore, () => import('./relationships/relationships.case')),
};

/** The registered domains, by store name. */
export type Domains = typeof domains;

/** One store per registered domain, by name (the store part of `Database`). */
export type DomainStores = {
  readonly [K in keyof Domains]: ReturnType<Domains[K]['sqlStore']>;
};
