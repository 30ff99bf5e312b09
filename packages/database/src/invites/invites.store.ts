/** An invite to a server channel (`serverId` set) or to a group (`serverId` null). */
export interface InviteRow {
  /** The code users type; unique. */
  code: string;
  serverId: string | null;
  channelId: string;
  creatorId: string;
}

/** Invites. They go with their server, channel or creator. */
export interface InviteStore {
  /** Inserts an invite; DuplicateKeyError when the code is taken. */
  create(row: InviteRow): Promise<void>;
  find(code: string): Promise<InviteRow | null>;
  /** Every invite of the server, by code. */
  listByServer(serverId: string): Promise<InviteRow[]>;
  /** Removes the invite; returns false when there was none. */
  delete(code: string): Promise<boolean>;
}
