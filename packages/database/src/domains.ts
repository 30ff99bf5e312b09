import { sqlAccountStore } from './accounts/accounts.sql-store';
import { sqlBanStore } from './bans/bans.sql-store';
import { sqlChannelUnreadStore } from './channel-unreads/channel-unreads.sql-store';
import { sqlChannelStore } from './channels/channels.sql-store';
import { sqlInviteStore } from './invites/invites.sql-store';
import { sqlMemberStore } from './members/members.sql-store';
import { sqlMessageStore } from './messages/messages.sql-store';
import { sqlMfaTicketStore } from './mfa-tickets/mfa-tickets.sql-store';
import { sqlRelationshipStore } from './relationships/relationships.sql-store';
import { sqlServerStore } from './servers/servers.sql-store';
import { sqlSessionStore } from './sessions/sessions.sql-store';
import type { SqlContext } from './sql/context';
import { sqlUserStore } from './users/users.sql-store';

/** How one domain plugs into the Database. */
export interface Domain<Tables, Store> {
  /** Builds the domain's store over a query builder that has its `Tables` (maybe a transaction). */
  sqlStore(ctx: SqlContext<Tables>): Store;
}

/** Registers a domain's SQL store, keeping the store's table and port types. */
function domain<Tables, Store>(
  sqlStore: (ctx: SqlContext<Tables>) => Store,
): Domain<Tables, Store> {
  return { sqlStore };
}

/**
 * Every domain of the database, one entry each, keyed by its store's name on `Database`. The
 * Database type, the SQL schema, the SQL Database and the contract runner are all derived from
 * this list: a new domain adds its entry here. The store name `fooBar` lives in the folder
 * `foo-bar/`, whose `foo-bar.case.ts` the contract runner loads.
 */
export const domains = {
  accounts: domain(sqlAccountStore),
  sessions: domain(sqlSessionStore),
  mfaTickets: domain(sqlMfaTicketStore),
  users: domain(sqlUserStore),
  relationships: domain(sqlRelationshipStore),
  servers: domain(sqlServerStore),
  channels: domain(sqlChannelStore),
  members: domain(sqlMemberStore),
  bans: domain(sqlBanStore),
  invites: domain(sqlInviteStore),
  messages: domain(sqlMessageStore),
  channelUnreads: domain(sqlChannelUnreadStore),
};

/** The registered domains, by store name. */
export type Domains = typeof domains;

/** One store per registered domain, by name (the store part of `Database`). */
export type DomainStores = {
  readonly [K in keyof Domains]: ReturnType<Domains[K]['sqlStore']>;
};
