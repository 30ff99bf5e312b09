/** Users for route tests, made through the real HTTP routes (`signUp`, then onboard). */
import type { User } from '@ermine/models/user';
import { signUp, type ApiStack } from './api-stack';

/** A logged-in, onboarded user. */
export interface TestUser {
  token: string;
  user: User;
  email: string;
  password: string;
}

let counter = 0;

/** Registers, logs in and onboards a user called `username` (default: a fresh name). */
export async function createTestUser(stack: ApiStack, username?: string): Promise<TestUser> {
  const account = await signUp(stack);
  const name = username ?? `user${++counter}`;
  const onboard = await stack.request<User>('POST', '/onboard/complete', {
    token: account.token,
    body: { username: name },
  });
  if (onboard.status !== 200) {
    throw new Error(`onboard: expected 200, got ${onboard.status} ${JSON.stringify(onboard.body)}`);
  }
  return {
    token: account.token,
    user: onboard.body,
    email: account.email,
    password: account.password,
  };
}
