import type { AutumnFile } from './user';

/** Stoat's `Webhook`; its id is `id`, not `_id`, and `token` is always present. */
export interface Webhook {
  id: string;
  name: string;
  avatar?: AutumnFile;
  creator_id: string;
  channel_id: string;
  permissions: number;
  token: string | null;
}

/** The changed keys of a webhook in a `WebhookUpdate` event. */
export type PartialWebhook = Partial<Omit<Webhook, 'token'>> & { token?: string };

/** Optional webhook fields that `remove` can name. */
export const FIELDS_WEBHOOK = ['Avatar'] as const;
export type FieldsWebhook = (typeof FIELDS_WEBHOOK)[number];
