import type { AccountRow, SessionRow } from '@ermine/database';
import type { MFAMethod, MFAResponse } from '@ermine/models/mfa';
import type { DataLogin } from '@ermine/models/session';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { normaliseEmail } from '../auth/email';
import { burnPasswordCheck, verifyPassword } from '../auth/password';
import { consumeMfaResponse } from '../mfa/mfa-response';
import { mfaMethods, isMfaActive } from '../mfa/mfa-methods';
import { findLiveTicket, issueTicket } from '../mfa/mfa-ticket';
import { nextLockout, takePhantomAttempt } from './login-lockout';
import { createSession } from './session-create';

/** What a login ended in (presented as Stoat's `ResponseLogin`). */
export type LoginOutcome =
  | { result: 'Success'; session: SessionRow; token: string }
  | { result: 'MFA'; ticket: string; allowedMethods: MFAMethod[] }
  | { result: 'Disabled'; userId: string };

// After this many wrong answers a login ticket is thrown away and the password is needed again.
const MAX_TICKET_FAILURES = 5;
const TICKET_FAILURE_WINDOW_MS = 5 * 60_000;

async function passwordStep(deps: CoreDeps, email: string, password: string): Promise<AccountRow> {
  const emailNormalised = normaliseEmail(email);
  const account = await deps.db.accounts.findByEmail(emailNormalised);
  const now = deps.clock.now();
  if (!account) {
    // Same work, same answers (lockouts included) as a wrong password for a real account.
    if (!(await takePhantomAttempt(deps, emailNormalised))) throw fail('LockedOut');
    await burnPasswordCheck(password);
    throw fail('InvalidCredentials');
  }
  // The attempt is counted (and the lock checked) in one atomic step before the slow password
  // check, so concurrent guesses cannot all be checked before the first failure is recorded.
  const attempt = await deps.db.accounts.takeLoginAttempt(account.id, now, (previous) =>
    nextLockout(previous, now),
  );
  if (attempt === null) throw fail('InvalidCredentials');
  if (!attempt.allowed) throw fail('LockedOut');
  if (!(await verifyPassword(account.passwordHash, password))) throw fail('InvalidCredentials');
  await deps.db.accounts.update(account.id, { lockout: null });
  // Checked after the password so that it cannot tell whether an address is registered.
  if (account.verification.status === 'Pending') throw fail('UnverifiedAccount');
  return account;
}

async function ticketStep(
  deps: CoreDeps,
  token: string,
  response: MFAResponse | null | undefined,
): Promise<AccountRow> {
  const ticket = await findLiveTicket(deps, token);
  if (!ticket) throw fail('InvalidToken');
  const account = await deps.db.accounts.findById(ticket.accountId);
  if (!account) throw fail('InvalidToken');
  if (response) {
    try {
      await consumeMfaResponse(deps, account, response, ticket);
    } catch (err) {
      const failures = await deps.cache.hit(`mfa:fail:${ticket.id}`, TICKET_FAILURE_WINDOW_MS);
      if (failures.count >= MAX_TICKET_FAILURES) await deps.db.mfaTickets.delete(ticket.id);
      throw err;
    }
  } else if (!ticket.authorised) {
    throw fail('InvalidToken');
  }
  // A ticket logs in once.
  if (!(await deps.db.mfaTickets.delete(ticket.id))) throw fail('InvalidToken');
  return account;
}

/**
 * `POST /auth/session/login`. E-mail and password: unknown e-mail and wrong password are the
 * same 401 `InvalidCredentials` after the same work; repeated failures → 403 `LockedOut`; an
 * account with TOTP gets an MFA ticket to answer. Ticket (+ response): finishes an MFA login.
 * A disabled account gets `Disabled` and no session.
 */
export async function login(deps: CoreDeps, data: DataLogin): Promise<LoginOutcome> {
  let account: AccountRow;
  if ('email' in data) {
    account = await passwordStep(deps, data.email, data.password);
    if (isMfaActive(account)) {
      const ticket = await issueTicket(deps, account.id, { validated: false });
      return { result: 'MFA', ticket: ticket.token, allowedMethods: mfaMethods(account) };
    }
  } else {
    account = await ticketStep(deps, data.mfa_ticket, data.mfa_response);
  }
  if (account.disabled) return { result: 'Disabled', userId: account.id };
  const issued = await createSession(deps, account.id, data.friendly_name ?? 'Unknown');
  return { result: 'Success', session: issued.row, token: issued.token };
}
