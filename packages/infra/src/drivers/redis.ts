/**
 * Redis drivers of `bus` (pub/sub) and `cache`. Every key and channel is `prefix + name`, so
 * several deployments (or test runs) can share one Redis without seeing each other.
 */
import { Redis } from 'ioredis';
import type { BusEvent } from '@ermine/models/events/protocol';
import type { Bus, Cache, Logger, Unsubscribe, WindowCount } from '../ports';
import { silentLogger } from '../ports';
import { encodePayload, errorMessage, redactUrl } from './retry';

/** Where Redis is and how this process names its keys and connections. */
export interface RedisDriverOptions {
  /** `redis://[user:password@]host:port[/db]` */
  url: string;
  /** Prepended to every key and channel (default ''). */
  prefix?: string;
  /** CLIENT SETNAME of the connections, to find them in CLIENT LIST (default 'ermine'). */
  connectionName?: string;
  /** Where connection trouble and throwing handlers are reported. */
  logger?: Logger;
}

/** Opens one connection and waits until it is ready; throws a clear error if Redis is unreachable. */
async function openRedis(options: RedisDriverOptions, role: string, log: Logger): Promise<Redis> {
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectionName: `${options.connectionName ?? 'ermine'}-${role}`,
    connectTimeout: 5000,
  });
  let connected = false;
  client.on('error', (err: Error) => {
    if (connected)
      log.warn({ err: errorMessage(err), role }, 'redis connection error (reconnecting)');
  });
  try {
    await client.connect();
    connected = true;
    return client;
  } catch (err) {
    client.disconnect();
    throw new Error(`cannot connect to Redis at ${redactUrl(options.url)}: ${errorMessage(err)}`);
  }
}

interface ChannelState<Event> {
  handlers: Set<{ handler: (event: Event, topic: string) => void }>;
  /** Settles when Redis confirmed the SUBSCRIBE. */
  ready: Promise<void>;
}

/**
 * A bus over Redis pub/sub. The process holds one publishing and ONE subscribing connection,
 * whatever the number of subscriptions: a channel is subscribed when its topic gains its first
 * local handler and unsubscribed when the last one goes; messages are dispatched locally.
 * Payloads are JSON text (like Stoat's default `REDIS_PAYLOAD_TYPE=json`). Handlers of a topic
 * see its messages in publish order; a throwing handler is logged and the others still run.
 */
export async function createRedisBus<Event = BusEvent>(
  options: RedisDriverOptions,
): Promise<Bus<Event>> {
  const log = options.logger ?? silentLogger;
  const prefix = options.prefix ?? '';
  const pub = await openRedis(options, 'pub', log);
  let sub: Redis;
  try {
    sub = await openRedis(options, 'sub', log);
  } catch (err) {
    pub.disconnect();
    throw err;
  }
  const channels = new Map<string, ChannelState<Event>>();
  let closed = false;

  sub.on('message', (channel: string, message: string) => {
    const state = channels.get(channel);
    if (!state) return;
    let value: Event;
    try {
      // Trusted: only services of this deployment publish on its Redis.
      value = JSON.parse(message) as Event;
    } catch {
      log.warn({ channel }, 'bus message is not JSON; dropped');
      return;
    }
    const topic = channel.slice(prefix.length);
    for (const entry of [...state.handlers]) {
      if (!state.handlers.has(entry)) continue;
      try {
        entry.handler(value, topic);
      } catch (err) {
        log.error({ err, topic }, 'bus handler threw');
      }
    }
  });

  const stateOf = (channel: string): ChannelState<Event> => {
    const existing = channels.get(channel);
    if (existing) return existing;
    const state: ChannelState<Event> = { handlers: new Set(), ready: Promise.resolve() };
    state.ready = sub.subscribe(channel).then(
      () => undefined,
      (err: unknown) => {
        if (channels.get(channel) === state) channels.delete(channel);
        throw err;
      },
    );
    channels.set(channel, state);
    return state;
  };

  return {
    async publish(topic, payload) {
      if (closed) throw new Error('bus is closed');
      await pub.publish(prefix + topic, encodePayload(payload));
    },
    async subscribe(topic, handler): Promise<Unsubscribe> {
      if (closed) throw new Error('bus is closed');
      const channel = prefix + topic;
      const state = stateOf(channel);
      const entry = { handler };
      state.handlers.add(entry);
      try {
        await state.ready;
      } catch (err) {
        state.handlers.delete(entry);
        throw err;
      }
      return async () => {
        if (!state.handlers.delete(entry)) return;
        if (state.handlers.size > 0 || channels.get(channel) !== state || closed) return;
        channels.delete(channel);
        // Sent right away, with no await before it: commands on the one connection keep their
        // order, so a later SUBSCRIBE of the same channel always lands after this UNSUBSCRIBE.
        await sub.unsubscribe(channel);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      channels.clear();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}

/**
 * A cache in Redis. `hit` is a fixed window: INCR, then PEXPIRE NX (the window starts at the
 * first hit), then PTTL, in one MULTI; it needs Redis 7 or newer.
 */
export async function createRedisCache(options: RedisDriverOptions): Promise<Cache> {
  const log = options.logger ?? silentLogger;
  const prefix = options.prefix ?? '';
  const client = await openRedis(options, 'cache', log);
  const k = (key: string): string => prefix + key;
  const ms = (value: number): number => Math.max(1, Math.ceil(value));

  return {
    async get(key) {
      return client.get(k(key));
    },
    async set(key, value, ttlMs) {
      if (ttlMs === undefined) await client.set(k(key), value);
      else await client.set(k(key), value, 'PX', ms(ttlMs));
    },
    async del(key) {
      await client.del(k(key));
    },
    async hit(key, windowMs): Promise<WindowCount> {
      const window = ms(windowMs);
      const replies = await client
        .multi()
        .incr(k(key))
        .pexpire(k(key), window, 'NX')
        .pttl(k(key))
        .exec();
      if (!replies) throw new Error('redis transaction aborted');
      for (const [err] of replies) if (err) throw err;
      const count = Number(replies[0]?.[1]);
      const ttl = Number(replies[2]?.[1]);
      return { count, resetAfterMs: ttl > 0 ? ttl : window };
    },
    async sadd(key, ...members) {
      if (members.length > 0) await client.sadd(k(key), ...members);
    },
    async srem(key, ...members) {
      if (members.length > 0) await client.srem(k(key), ...members);
    },
    async smembers(key) {
      return client.smembers(k(key));
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
