import type { FieldsWebhook, PartialWebhook, Webhook } from '../webhook';

/** A new webhook: the webhook's fields flattened next to `type`. */
export type WebhookCreateEvent = { type: 'WebhookCreate' } & Webhook;

/** A webhook changed; note the key is `remove`, not `clear`. */
export interface WebhookUpdateEvent {
  type: 'WebhookUpdate';
  id: string;
  data: PartialWebhook;
  remove: FieldsWebhook[];
}

/** A webhook was deleted. */
export interface WebhookDeleteEvent {
  type: 'WebhookDelete';
  id: string;
}

/** Every webhook event. */
export type WebhookEvents = WebhookCreateEvent | WebhookUpdateEvent | WebhookDeleteEvent;
