/**
 * The API service over the test stack's ports, for route tests: requests go through the real
 * app (routes, guards, rate limits), and accounts are made the way a client makes them.
 */
import type { ServiceModule } from '@ermine/http';
import { emailEnabled } from '@ermine/core/auth/mailer';
import { collectAuthEmails, emailCode, waitForEmail } from '@ermine/testing/emails';
import { totpCode } from '@ermine/core/auth/totp';
import { requester, type TestRequest } from '@ermine/testing/requests';
import { createTestStack, type TestStack, type TestStackOptions } from '@ermine/testing/stack';
import type { ApiDeps } from '../deps';
import { createApiService } from '../index';

/** The test stack with the API service built on it. */
export interface ApiStack extends TestStack {
  deps: ApiDeps;
  api: ServiceModule;
  request: TestRequest;
}

/** Builds the ports and the API on them; call `close()` when done. */
export async function createApiStack(options: TestStackOptions = {}): Promise<ApiStack> {
  const stack = await createTestStack(options);
  const deps: ApiDeps = { ...stack.deps, listenPort: 14700 };
  const api = createApiService(deps);

  return {
    ...stack,
    deps,
    api,
    request: requester((req) => api.fetch!(req)),
    async close() {
      await api.close();
      await stack.close();
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
  stack: ApiStack,
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
  stack: ApiStack,
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
  stack: ApiStack,
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
  stack: ApiStack,
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
export function currentTotp(stack: ApiStack, secret: string): string {
  return totpCode(secret, stack.clock.now());
}
