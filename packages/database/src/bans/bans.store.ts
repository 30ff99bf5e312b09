/** A user banned from a server; (serverId, userId) is its id. */
export interface BanRow {
  serverId: string;
  userId: string;
  reason: string | null;
}

/** Bans of servers. They go with their server or user. */
export interface BanStore {
  /** Inserts a ban; DuplicateKeyError when the user is already banned there. */
  create(row: BanRow): Promise<void>;
  find(serverId: string, userId: string): Promise<BanRow | null>;
  /** Every ban of the server, by user id. */
  listByServer(serverId: string): Promise<BanRow[]>;
  /** Lifts the ban; returns false when there was none. */
  delete(serverId: string, userId: string): Promise<boolean>;
}
