/**
 * The ports every outside technology sits behind. `core` and services see only these
 * interfaces; drivers live in this package's driver folders and are chosen by composition roots.
 */

import type { BusEvent } from '@ermine/models/events/protocol';

/** Unsubscribes a handler; resolves once the driver stopped delivering to it. */
export type Unsubscribe = () => Promise<void>;

/**
 * Event fan-out across processes. Topics are names chosen by the publisher (core's audience
 * scheme: `user:<id>`, `channel:<id>`, …); payloads travel as JSON, by default the events the
 * events socket sends to clients.
 */
export interface Bus<Event = BusEvent> {
  /** Delivers `event` to every subscriber of `topic`, in every process. */
  publish(topic: string, event: Event): Promise<void>;
  /** Calls `handler` for each event published to `topic` from now on. */
  subscribe(topic: string, handler: (event: Event, topic: string) => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/** Result of counting one hit in a fixed window. */
export interface WindowCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetAfterMs: number;
}

/** Short-lived shared state: presence, voice state, rate limits, slowmode. */
export interface Cache {
  get(key: string): Promise<string | null>;
  /** Stores `value`; with `ttlMs` the key disappears after that many milliseconds. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Counts one hit in a fixed window that starts at the first hit and lasts `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** Set operations (presence and voice participants). */
  sadd(key: string, ...members: string[]): Promise<void>;
  srem(key: string, ...members: string[]): Promise<void>;
  smembers(key: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Options of a job consumer. */
export interface ConsumeOptions {
  /** How many jobs may run at once in this process (default 1). */
  concurrency?: number;
}

/** Durable work queues: at-least-once delivery, acknowledged only after the handler resolves. */
export interface Jobs {
  /** Resolves once the job is durably queued. */
  enqueue(queue: string, payload: unknown): Promise<void>;
  /** Runs `handler` for each job; a rejected handler makes the job come back later. */
  consume(
    queue: string,
    handler: (payload: unknown) => Promise<void>,
    options?: ConsumeOptions,
  ): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/** Metadata kept beside a stored blob. */
export interface BlobInfo {
  size: number;
  contentType: string;
}

/** File storage (buckets are Autumn tags or a configured bucket name). */
export interface Blobs {
  put(bucket: string, key: string, data: Uint8Array, contentType: string): Promise<void>;
  /** The blob's bytes and metadata, or null when absent. */
  get(bucket: string, key: string): Promise<{ data: Uint8Array; info: BlobInfo } | null>;
  delete(bucket: string, key: string): Promise<void>;
  close(): Promise<void>;
}

/** Time, injectable for tests. */
export interface Clock {
  now(): number;
}

/** Structured logger (pino-compatible subset). */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A logger that drops everything (tests). */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => silentLogger,
};
