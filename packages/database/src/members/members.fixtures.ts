import type { MemberRow } from './members.store';

/** A plain member who just joined (test row builder). */
export function memberRow(
  serverId: string,
  userId: string,
  overrides: Partial<MemberRow> = {},
): MemberRow {
  return {
    serverId,
    userId,
    joinedAt: Date.now(),
    nickname: null,
    pronouns: null,
    avatar: null,
    roles: [],
    timeout: null,
    canPublish: true,
    canReceive: true,
    ...overrides,
  };
}
