import { ulid } from 'ulid';
import type { NewMessageRow } from './messages.store';

/** A plain text message (test row builder). */
export function messageRow(
  channelId: string,
  authorId: string,
  overrides: Partial<NewMessageRow> = {},
): NewMessageRow {
  return {
    id: ulid(),
    channelId,
    authorId,
    webhook: null,
    content: 'hello',
    system: null,
    attachments: null,
    edited: null,
    embeds: null,
    mentions: null,
    roleMentions: null,
    replies: null,
    interactions: null,
    masquerade: null,
    pinned: false,
    flags: 0,
    ...overrides,
  };
}
