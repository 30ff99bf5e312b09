/**
 * The ports of an in-process Ermine for tests: SQLite `:memory:` and the memory bus, cache and
 * jobs, with default config, a silent logger and a clock tests can move. Core tests call domain
 * operations with `deps`; a service's tests build the service on top (see services/api/src/testing).
 */
import { defaultConfig, type ErmineConfig } from '@ermine/config';
import type { CoreDeps } from '@ermine/core';
import { openSqliteDatabase } from '@ermine/database/drivers/sqlite';
import { createMemoryBus, createMemoryCache, createMemoryJobs } from '@ermine/infra/drivers/memory';
import { silentLogger, type Clock } from '@ermine/infra';
import { topicOf, type Audience } from '@ermine/core/events/audience';

/** A clock that stands still until a test moves it. */
export interface TestClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

/** A clock starting at `startMs` (default: the real time when created). */
export function createTestClock(startMs: number = Date.now()): TestClock {
  let now = startMs;
  return {
    now: () => now,
    set: (ms) => void (now = ms),
    advance: (ms) => void (now += ms),
  };
}

/** Every key optional, all the way down (config overrides). */
export type DeepPartial<T> = T extends (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** What a test may change about the stack. */
export interface TestStackOptions {
  /** Merged into `defaultConfig()` (objects deeply, arrays and values replaced). */
  config?: DeepPartial<ErmineConfig>;
  /** Default: a TestClock at the real time. */
  clock?: TestClock;
  /** Stoat's rate limits (default off, so tests may send any number of requests). */
  rateLimits?: boolean;
  /**
   * Configures an SMTP host (default none), which turns on e-mail verification and e-mailed
   * links. Nothing is sent: the e-mails wait in the jobs queue (`AUTH_EMAIL_QUEUE`).
   */
  email?: boolean;
}

/** Events published to one audience, collected as they arrive. */
export interface EventRecorder {
  events: unknown[];
  /** Resolves with the first collected event matching `test`, waiting up to `timeoutMs`. */
  waitFor(test: (event: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  stop(): Promise<void>;
}

/** The running test stack. */
export interface TestStack {
  deps: CoreDeps;
  clock: TestClock;
  /** Starts collecting what is published to `audience` (e.g. `{ user: id }`). */
  record(audience: Audience): Promise<EventRecorder>;
  close(): Promise<void>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current)) merge(current, value);
    else target[key] = value;
  }
}

async function recorder(deps: CoreDeps, topic: string): Promise<EventRecorder> {
  const events: unknown[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = await deps.bus.subscribe(topic, (payload) => {
    events.push(payload);
    for (const wake of waiters) wake();
  });
  return {
    events,
    waitFor(test, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(test);
          if (found === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event on ${topic} within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    stop: unsubscribe,
  };
}

/** Builds the stack; call `close()` when done. */
export async function createTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const config = defaultConfig();
  if (options.config) merge(config as Record<string, unknown>, options.config);
  config.ermine.rate_limits = options.rateLimits ?? false;
  if (options.email) config.api.smtp.host = 'smtp.example.com';
  const clock = options.clock ?? createTestClock();
  const db = await openSqliteDatabase({ file: ':memory:' });
  const deps: CoreDeps = {
    config,
    db,
    bus: createMemoryBus(),
    cache: createMemoryCache(clock),
    jobs: createMemoryJobs(),
    clock,
    log: silentLogger,
  };
  const recorders: EventRecorder[] = [];

  return {
    deps,
    clock,
    async record(audience) {
      const r = await recorder(deps, topicOf(audience));
      recorders.push(r);
      return r;
    },
    async close() {
      for (const r of recorders) await r.stop();
      await deps.jobs.close();
      await deps.cache.close();
      await deps.bus.close();
      await db.close();
    },
  };
}
