/** One user's view of another (Stoat's names; "None" is stored as no row). */
export type RelationshipStatus = 'Friend' | 'Outgoing' | 'Incoming' | 'Blocked' | 'BlockedOther';

/** An entry of a user's relationship list. */
export interface RelationshipEntry {
  id: string;
  status: RelationshipStatus;
}

/** Directed relationships between users. */
export interface RelationshipStore {
  /** `userId`'s status towards `otherId`, or null for none. */
  get(userId: string, otherId: string): Promise<RelationshipStatus | null>;
  /** Every relationship of `userId`. */
  list(userId: string): Promise<RelationshipEntry[]>;
  /** Sets both directions at once, atomically; null removes that direction. */
  setPair(
    a: string,
    statusOfAForB: RelationshipStatus | null,
    b: string,
    statusOfBForA: RelationshipStatus | null,
  ): Promise<void>;
  /** How many of `userId`'s relationships have `status`. */
  countByStatus(userId: string, status: RelationshipStatus): Promise<number>;
}
