import { ulid } from 'ulid';
import type { GroupRow, TextChannelRow } from './channels.store';

/** A plain text channel of `serverId` (test row builder). */
export function textChannelRow(
  serverId: string,
  overrides: Partial<TextChannelRow> = {},
): TextChannelRow {
  return {
    channelType: 'TextChannel',
    id: ulid(),
    serverId,
    name: 'general',
    description: null,
    icon: null,
    lastMessageId: null,
    defaultPermissions: null,
    rolePermissions: {},
    nsfw: false,
    voice: null,
    slowmode: null,
    ...overrides,
  };
}

/** A group owned by the first of `recipients` (test row builder). */
export function groupRow(recipients: string[], overrides: Partial<GroupRow> = {}): GroupRow {
  return {
    channelType: 'Group',
    id: ulid(),
    name: 'Group',
    ownerId: recipients[0] ?? '',
    description: null,
    recipients,
    icon: null,
    lastMessageId: null,
    permissions: null,
    nsfw: false,
    ...overrides,
  };
}
