/**
 * In-process drivers of `bus`, `cache` and `jobs` for the single-process mode. Nothing crosses
 * the process: the split mode must use the Redis and RabbitMQ drivers instead.
 */
import type { BusEvent } from '@ermine/models/events/protocol';
import type {
  Bus,
  Cache,
  Clock,
  ConsumeOptions,
  Jobs,
  Logger,
  Unsubscribe,
  WindowCount,
} from '../ports';
import { silentLogger, systemClock } from '../ports';
import type { JobRetryOptions } from './retry';
import { encodePayload, errorMessage, retryDelay, retryPolicy } from './retry';

/** Options of the in-memory bus. */
export interface MemoryBusOptions {
  /** Where a throwing handler is reported. */
  logger?: Logger;
}

/**
 * A bus inside this process. Payloads go through JSON like on Redis, handlers run on a later
 * microtask in publish order, and a throwing handler is logged without affecting the others.
 */
export function createMemoryBus<Event = BusEvent>(options: MemoryBusOptions = {}): Bus<Event> {
  const log = options.logger ?? silentLogger;
  const topics = new Map<string, Set<{ handler: (event: Event, topic: string) => void }>>();
  let closed = false;

  return {
    async publish(topic, payload) {
      if (closed) throw new Error('bus is closed');
      const body = encodePayload(payload);
      const entries = topics.get(topic);
      if (!entries || entries.size === 0) return;
      const targets = [...entries];
      const value = JSON.parse(body) as Event;
      queueMicrotask(() => {
        for (const entry of targets) {
          if (closed || !entries.has(entry)) continue;
          try {
            entry.handler(value, topic);
          } catch (err) {
            log.error({ err, topic }, 'bus handler threw');
          }
        }
      });
    },
    async subscribe(topic, handler) {
      if (closed) throw new Error('bus is closed');
      const entry = { handler };
      let entries = topics.get(topic);
      if (!entries) topics.set(topic, (entries = new Set()));
      entries.add(entry);
      return async () => {
        const current = topics.get(topic);
        if (!current) return;
        current.delete(entry);
        if (current.size === 0) topics.delete(topic);
      };
    },
    async close() {
      closed = true;
      topics.clear();
    },
  };
}

type CacheEntry =
  | { kind: 'string'; value: string; expiresAt: number | null }
  | { kind: 'set'; members: Set<string>; expiresAt: number | null };

const SWEEP_EVERY_MS = 60_000;

/**
 * A cache inside this process with Redis semantics: `set` without a TTL clears an earlier one,
 * an emptied set disappears, a string and a set under one key are a type error.
 */
export function createMemoryCache(clock: Clock = systemClock): Cache {
  const entries = new Map<string, CacheEntry>();
  const live = (key: string): CacheEntry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= clock.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const setOf = (key: string, create: boolean): Set<string> | undefined => {
    const entry = live(key);
    if (entry?.kind === 'string') throw new Error(`WRONGTYPE: ${key} holds a string, not a set`);
    if (entry) return entry.members;
    if (!create) return undefined;
    const members = new Set<string>();
    entries.set(key, { kind: 'set', members, expiresAt: null });
    return members;
  };
  const sweep = setInterval(() => {
    for (const key of entries.keys()) live(key);
  }, SWEEP_EVERY_MS);
  sweep.unref();

  return {
    async get(key) {
      const entry = live(key);
      if (entry?.kind === 'set') throw new Error(`WRONGTYPE: ${key} holds a set, not a string`);
      return entry ? entry.value : null;
    },
    async set(key, value, ttlMs) {
      const expiresAt = ttlMs === undefined ? null : clock.now() + Math.max(1, Math.ceil(ttlMs));
      entries.set(key, { kind: 'string', value, expiresAt });
    },
    async del(key) {
      entries.delete(key);
    },
    async hit(key, windowMs): Promise<WindowCount> {
      const entry = live(key);
      if (entry?.kind === 'set') throw new Error(`WRONGTYPE: ${key} holds a set, not a counter`);
      if (entry && !/^-?\d+$/.test(entry.value)) throw new Error(`${key} does not hold an integer`);
      const now = clock.now();
      const count = (entry ? Number.parseInt(entry.value, 10) : 0) + 1;
      const expiresAt = entry?.expiresAt ?? now + Math.max(1, Math.ceil(windowMs));
      entries.set(key, { kind: 'string', value: String(count), expiresAt });
      return { count, resetAfterMs: expiresAt - now };
    },
    async sadd(key, ...members) {
      if (members.length === 0) return;
      const set = setOf(key, true);
      for (const m of members) set?.add(m);
    },
    async srem(key, ...members) {
      const set = setOf(key, false);
      if (!set) return;
      for (const m of members) set.delete(m);
      if (set.size === 0) entries.delete(key);
    },
    async smembers(key) {
      return [...(setOf(key, false) ?? [])];
    },
    async close() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}

/** Options of the in-process job queues. */
export interface MemoryJobsOptions extends JobRetryOptions {
  /** Where failures and dead-lettered jobs are reported. */
  logger?: Logger;
}

interface MemoryJob {
  body: string;
  attempt: number;
}

interface MemoryConsumer {
  handler: (payload: unknown) => Promise<void>;
  concurrency: number;
  running: number;
  active: boolean;
  onIdle: (() => void)[];
}

interface MemoryQueue {
  pending: MemoryJob[];
  consumers: MemoryConsumer[];
  next: number;
}

/**
 * Job queues inside this process, at-least-once within its lifetime: a job waits for a consumer,
 * a rejected handler gets the job again after an exponential backoff, and after `maxAttempts`
 * the job is logged as dead. Nothing survives the process (the split mode uses RabbitMQ).
 */
export function createMemoryJobs(options: MemoryJobsOptions = {}): Jobs {
  const policy = retryPolicy(options);
  const log = options.logger ?? silentLogger;
  const queues = new Map<string, MemoryQueue>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const queueOf = (name: string): MemoryQueue => {
    let q = queues.get(name);
    if (!q) queues.set(name, (q = { pending: [], consumers: [], next: 0 }));
    return q;
  };

  const freeConsumer = (q: MemoryQueue): MemoryConsumer | undefined => {
    for (let i = 0; i < q.consumers.length; i++) {
      const c = q.consumers[(q.next + i) % q.consumers.length];
      if (c && c.active && c.running < c.concurrency) {
        q.next = (q.next + i + 1) % q.consumers.length;
        return c;
      }
    }
    return undefined;
  };

  const pump = (name: string, q: MemoryQueue): void => {
    while (!closed && q.pending.length > 0) {
      const consumer = freeConsumer(q);
      if (!consumer) return;
      const job = q.pending.shift() as MemoryJob;
      consumer.running++;
      void run(name, q, consumer, job);
    }
  };

  const settle = (consumer: MemoryConsumer): void => {
    consumer.running--;
    if (consumer.running === 0) for (const resolve of consumer.onIdle.splice(0)) resolve();
  };

  const run = async (name: string, q: MemoryQueue, consumer: MemoryConsumer, job: MemoryJob) => {
    try {
      await consumer.handler(JSON.parse(job.body));
    } catch (err) {
      failed(name, q, job, err);
    }
    settle(consumer);
    pump(name, q);
  };

  const failed = (name: string, q: MemoryQueue, job: MemoryJob, err: unknown): void => {
    if (closed) return;
    if (job.attempt >= policy.maxAttempts) {
      log.error(
        { queue: name, attempts: job.attempt, error: errorMessage(err) },
        'job dead-lettered',
      );
      return;
    }
    const delay = retryDelay(policy, job.attempt);
    log.warn(
      { queue: name, attempt: job.attempt, retryInMs: delay, error: errorMessage(err) },
      'job failed',
    );
    const timer = setTimeout(() => {
      timers.delete(timer);
      q.pending.push({ body: job.body, attempt: job.attempt + 1 });
      pump(name, q);
    }, delay);
    timers.add(timer);
  };

  return {
    async enqueue(queue, payload) {
      if (closed) throw new Error('jobs are closed');
      const q = queueOf(queue);
      q.pending.push({ body: encodePayload(payload), attempt: 1 });
      queueMicrotask(() => pump(queue, q));
    },
    async consume(queue, handler, consumeOptions: ConsumeOptions = {}): Promise<Unsubscribe> {
      if (closed) throw new Error('jobs are closed');
      const concurrency = Math.max(1, Math.floor(consumeOptions.concurrency ?? 1));
      const consumer: MemoryConsumer = {
        handler,
        concurrency,
        running: 0,
        active: true,
        onIdle: [],
      };
      const q = queueOf(queue);
      q.consumers.push(consumer);
      queueMicrotask(() => pump(queue, q));
      return async () => {
        if (!consumer.active) return;
        consumer.active = false;
        q.consumers = q.consumers.filter((c) => c !== consumer);
        q.next = 0;
        if (consumer.running > 0)
          await new Promise<void>((resolve) => consumer.onIdle.push(resolve));
        pump(queue, q);
      };
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const q of queues.values()) for (const c of q.consumers) c.active = false;
      queues.clear();
    },
  };
}
