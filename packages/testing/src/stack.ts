/**
 * An in-process Ermine for route tests: the API service over SQLite `:memory:` and the memory
 * bus, cache and jobs, with default config, a silent logger and a clock tests can move.
 */
import { defaultConfig, type ErmineConfig } from '@ermine/config';
import { openSqliteDatabase } from '@ermine/database/drivers/sqlite';
import { createMemoryBus, createMemoryCache, createMemoryJobs } from '@ermine/infra/drivers/memory';
import { silentLogger, type Clock } from '@ermine/infra';
import type { ServiceModule } from '@ermine/http';
import { createApiService, type ApiDeps } from '@ermine/service-api';
import { AUTH_EMAIL_QUEUE, emailEnabled, type AuthEmailJob } from '@ermine/core/auth/mailer';
import { totpCode } from '@ermine/core/auth/totp';
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
   * links. Nothing is sent: the e-mails wait in the jobs queue (see `collectAuthEmails`).
   */
  email?: boolean;
}

/** Options of one test request. */
export interface TestRequestOptions {
  /** Sent as JSON (a string is sent as it is). */
  body?: unknown;
  /** Sent as `X-Session-Token`. */
  token?: string;
  headers?: Record<string, string>;
  /** The client address the composition root would record (default 127.0.0.1). */
  remoteAddr?: string;
}

/** A response, its body parsed as JSON when possible (null when empty). */
export interface TestResponse<T> {
  status: number;
  body: T;
  headers: Headers;
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
  deps: ApiDeps;
  clock: TestClock;
  api: ServiceModule;
  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: TestRequestOptions,
  ): Promise<TestResponse<T>>;
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

async function recorder(deps: ApiDeps, topic: string): Promise<EventRecorder> {
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
  const deps: ApiDeps = {
    config,
    db,
    bus: createMemoryBus(),
    cache: createMemoryCache(clock),
    jobs: createMemoryJobs(),
    clock,
    log: silentLogger,
    listenPort: 14700,
  };
  const api = createApiService(deps);
  const recorders: EventRecorder[] = [];

  async function request<T>(
    method: string,
    path: string,
    opts: TestRequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers = new Headers(opts.headers);
    headers.set('x-ermine-remote-addr', opts.remoteAddr ?? '127.0.0.1');
    if (opts.token !== undefined) headers.set('x-session-token', opts.token);
    const body =
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string'
          ? opts.body
          : JSON.stringify(opts.body);
    const res = await api.fetch!(
      new Request(`http://ermine.test${path}`, { method, headers, body }),
    );
    const text = await res.text();
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  return {
    deps,
    clock,
    api,
    request,
    async record(audience) {
      const r = await recorder(deps, topicOf(audience));
      recorders.push(r);
      return r;
    },
    async close() {
      for (const r of recorders) await r.stop();
      await api.close();
      await deps.jobs.close();
      await deps.cache.close();
      await deps.bus.close();
      await db.close();
    },
  };
}

/** An account made through the API and a logged-in session of it. */
export interface SignedUp {
  email: string;
  password: string;
  accountId: string;
  sessionId: string;
  token: string;
}

let signUps = 0;

/**
 * Creates an account (a fresh address unless given) through `POST /auth/account/create`, logs
 * in, and returns the session. When the stack sends e-mail (an SMTP host is configured), the
 * account is first verified through the e-mailed link, as a user would.
 */
export async function signUp(
  stack: TestStack,
  options: { email?: string; password?: string; friendlyName?: string } = {},
): Promise<SignedUp> {
  const email = options.email ?? `user${++signUps}.${Date.now()}@example.com`;
  const password = options.password ?? 'a perfectly fine password';
  const emails = emailEnabled(stack.deps.config) ? await collectAuthEmails(stack) : null;
  const sent = emails?.length ?? 0;
  const created = await stack.request('POST', '/auth/account/create', {
    body: { email, password },
  });
  if (created.status !== 204) throw new Error(`sign-up failed: ${JSON.stringify(created.body)}`);
  if (emails) {
    const mail = await waitForEmail(emails, sent + 1);
    if (mail.kind !== 'verify') throw new Error(`expected a verification e-mail, got ${mail.kind}`);
    const verified = await stack.request('POST', `/auth/account/verify/${emailCode(mail)}`);
    if (verified.status !== 200)
      throw new Error(`verification failed: ${JSON.stringify(verified.body)}`);
  }
  return { email, password, ...(await logIn(stack, { email, password }, options.friendlyName)) };
}

/** A new session of an existing account, logged in with its password. */
export async function logIn(
  stack: TestStack,
  user: Pick<SignedUp, 'email' | 'password'>,
  friendlyName?: string,
): Promise<Pick<SignedUp, 'accountId' | 'sessionId' | 'token'>> {
  const login = await stack.request<{
    result: string;
    _id: string;
    user_id: string;
    token: string;
  }>('POST', '/auth/session/login', {
    body: { email: user.email, password: user.password, friendly_name: friendlyName },
  });
  if (login.body.result !== 'Success')
    throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return { accountId: login.body.user_id, sessionId: login.body._id, token: login.body.token };
}

/**
 * A validated MFA ticket token for the session (`PUT /auth/mfa/ticket`), answering with the
 * password unless another `MFAResponse` is given.
 */
export async function mfaTicket(
  stack: TestStack,
  user: Pick<SignedUp, 'token' | 'password'>,
  response: Record<string, string> = { password: user.password },
): Promise<string> {
  const res = await stack.request<{ token: string }>('PUT', '/auth/mfa/ticket', {
    token: user.token,
    body: response,
  });
  if (res.status !== 200) throw new Error(`MFA ticket refused: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/**
 * Turns TOTP on for the session's account through the API and returns the secret. The clock
 * then moves on one step, so that the code used to enable it is not the current one.
 */
export async function enableTotp(
  stack: TestStack,
  user: Pick<SignedUp, 'token' | 'password'>,
): Promise<string> {
  const ticket = await mfaTicket(stack, user);
  const res = await stack.request<{ secret: string }>('POST', '/auth/mfa/totp', {
    token: user.token,
    headers: { 'x-mfa-ticket': ticket },
  });
  if (res.status !== 200) throw new Error(`TOTP secret refused: ${JSON.stringify(res.body)}`);
  const secret = res.body.secret;
  const enabled = await stack.request('PUT', '/auth/mfa/totp', {
    token: user.token,
    body: { totp_code: totpCode(secret, stack.clock.now()) },
  });
  if (enabled.status !== 204) throw new Error(`TOTP not enabled: ${JSON.stringify(enabled.body)}`);
  stack.clock.advance(30_000);
  return secret;
}

/** The current TOTP code of `secret` on the stack's clock. */
export function currentTotp(stack: TestStack, secret: string): string {
  return totpCode(secret, stack.clock.now());
}

const mailboxes = new WeakMap<TestStack, AuthEmailJob[]>();

/**
 * Collects the account e-mails the API queues (verification, reset, deletion links). One list
 * per stack: later calls return the same list.
 */
export async function collectAuthEmails(stack: TestStack): Promise<AuthEmailJob[]> {
  const known = mailboxes.get(stack);
  if (known) return known;
  const emails: AuthEmailJob[] = [];
  mailboxes.set(stack, emails);
  await stack.deps.jobs.consume(AUTH_EMAIL_QUEUE, async (payload) => {
    emails.push(payload as AuthEmailJob);
  });
  return emails;
}

/** Waits until `emails` holds at least `count` e-mails and returns the last one. */
export async function waitForEmail(
  emails: AuthEmailJob[],
  count = 1,
  timeoutMs = 2000,
): Promise<AuthEmailJob> {
  const deadline = Date.now() + timeoutMs;
  while (emails.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} e-mail(s), got ${emails.length}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return emails[emails.length - 1]!;
}

/** The code at the end of an e-mailed link (`/login/verify/<code>` gives `<code>`). */
export function emailCode(mail: AuthEmailJob): string {
  return mail.path.split('/').pop()!;
}
