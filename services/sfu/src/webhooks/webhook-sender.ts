import { randomBytes } from 'node:crypto';
import { WebhookEvent } from '../livekit-protocol';
import type { Logger } from '@ermine/infra';
import type { RoomControl, SfuEvent } from '../control';
import { bodySha256, signAccessToken, type ApiKeys } from '../auth/access-token';

/** How failed deliveries are retried: `attempts` in total, waiting baseDelayMs × 2^n in between. */
export interface WebhookRetry {
  attempts: number;
  baseDelayMs: number;
  /** Longest wait between two attempts (default 30 s). */
  maxDelayMs?: number;
}

/** What the webhook sender needs. */
export interface WebhookSenderOptions {
  control: Pick<RoomControl, 'onEvent'>;
  keys: ApiKeys;
  /** Every event goes to each of these URLs (LiveKit's `webhook.urls`). */
  urls: string[];
  log: Logger;
  fetchImpl?: typeof fetch;
  retry?: WebhookRetry;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** Events waiting per URL before new ones are dropped (default 1000). */
  maxQueued?: number;
  now?: () => number;
}

/** A running webhook sender. */
export interface WebhookSender {
  /** Stops listening for events and resolves once every queued delivery is done or given up. */
  close(): Promise<void>;
}

const DEFAULT_RETRY: WebhookRetry = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
const TOKEN_TTL_SECONDS = 5 * 60;
const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A LiveKit-style resource id (`EV_` + 12 base62 characters). */
function eventId(): string {
  const bytes = randomBytes(12);
  let id = 'EV_';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** The protobuf-JSON body LiveKit posts for `event`, serialised now so later changes can't leak in. */
export function webhookBody(event: SfuEvent, id: string, createdAtSeconds: number): string {
  const message = new WebhookEvent({
    event: event.event,
    room: event.room,
    id,
    createdAt: BigInt(createdAtSeconds),
  });
  if ('participant' in event) message.participant = event.participant;
  if ('track' in event) message.track = event.track;
  return message.toJsonString();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Posts LiveKit webhooks for every RoomControl event to each URL: `application/webhook+json`,
 * `Authorization: <JWT>` whose `sha256` claim is the body's digest (what livekit-server-sdk's
 * WebhookReceiver checks). Deliveries are in order per room and URL, retried with backoff, and
 * never block the caller of the event.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const log = options.log.child({ component: 'webhooks' });
  const doFetch = options.fetchImpl ?? fetch;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const maxDelayMs = retry.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxQueued = options.maxQueued ?? 1000;
  const now = options.now ?? Date.now;
  /** Tail of the delivery chain per URL and room: chaining keeps events of a room in order. */
  const chains = new Map<string, Promise<void>>();
  const queued = new Map<string, number>();

  async function attempt(url: string, body: string): Promise<string | null> {
    const token = await signAccessToken(
      options.keys,
      { sha256: bodySha256(body) },
      TOKEN_TTL_SECONDS,
      now(),
    );
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/webhook+json', authorization: token },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? null : `status ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : 'request failed';
    }
  }

  async function deliver(url: string, body: string, event: string, id: string): Promise<void> {
    for (let n = 1; n <= retry.attempts; n++) {
      const failure = await attempt(url, body);
      if (failure === null) {
        log.debug({ url, event, id, attempt: n }, 'webhook delivered');
        return;
      }
      if (n === retry.attempts) {
        log.warn({ url, event, id, attempts: n, failure }, 'webhook dropped after retries');
        return;
      }
      log.info({ url, event, id, attempt: n, failure }, 'webhook failed, retrying');
      await sleep(Math.min(retry.baseDelayMs * 2 ** (n - 1), maxDelayMs));
    }
  }

  function enqueue(url: string, room: string, body: string, event: string, id: string): void {
    const waiting = queued.get(url) ?? 0;
    if (waiting >= maxQueued) {
      log.warn({ url, event, id }, 'webhook queue full, event dropped');
      return;
    }
    queued.set(url, waiting + 1);
    const key = `${url}\n${room}`;
    const tail = (chains.get(key) ?? Promise.resolve())
      .then(() => deliver(url, body, event, id))
      .catch((error: unknown) =>
        log.error({ err: error, url, event, id }, 'webhook delivery failed'),
      )
      .finally(() => {
        queued.set(url, (queued.get(url) ?? 1) - 1);
        if (chains.get(key) === tail) chains.delete(key);
      });
    chains.set(key, tail);
  }

  const unsubscribe = options.control.onEvent((event) => {
    try {
      const id = eventId();
      const body = webhookBody(event, id, Math.floor(now() / 1000));
      for (const url of options.urls) enqueue(url, event.room.name, body, event.event, id);
    } catch (error) {
      // The media side must never see a webhook failure.
      log.error({ err: error, event: event.event }, 'could not queue webhook');
    }
  });

  return {
    async close() {
      unsubscribe();
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}
