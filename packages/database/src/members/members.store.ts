import type { EpochMs, StoredFile } from '../rows';

/** A user's membership of a server; (serverId, userId) is its id. */
export interface MemberRow {
  serverId: string;
  userId: string;
  joinedAt: EpochMs;
  nickname: string | null;
  pronouns: string | null;
  avatar: StoredFile | null;
  /** Role ids; roles deleted from the server are not removed from here by the store. */
  roles: string[];
  /** Timed out until this time; null when not timed out. */
  timeout: EpochMs | null;
  /** False when server-muted. */
  canPublish: boolean;
  /** False when server-deafened. */
  canReceive: boolean;
}

/** Fields of a member that can change. */
export type MemberPatch = Partial<Omit<MemberRow, 'serverId' | 'userId'>>;

/** Members of servers. They go with their server or user. */
export interface MemberStore {
  /** Inserts a member; DuplicateKeyError when the user is already a member. */
  create(row: MemberRow): Promise<void>;
  find(serverId: string, userId: string): Promise<MemberRow | null>;
  /** Members of the server among `userIds`, in `userIds` order (unknown ones skipped). */
  findMany(serverId: string, userIds: string[]): Promise<MemberRow[]>;
  /** Every member of the server, by user id. */
  listByServer(serverId: string): Promise<MemberRow[]>;
  /** Every membership of the user, by server id. */
  listByUser(userId: string): Promise<MemberRow[]>;
  count(serverId: string): Promise<number>;
  /** Applies `patch`; returns false when no such member. */
  update(serverId: string, userId: string, patch: MemberPatch): Promise<boolean>;
  /** Removes the member; returns false when they were not one. */
  delete(serverId: string, userId: string): Promise<boolean>;
}
