import type { MfaTicketRow } from '@ermine/database';
import { idTime, newId } from '@ermine/models/ids';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { hashToken, newToken } from '../auth/tokens';

/** A ticket lives five minutes from the time in its id. */
export const MFA_TICKET_TTL_MS = 5 * 60_000;

/** A stored ticket and its plain token (shown to the client once). */
export interface IssuedTicket {
  row: MfaTicketRow;
  token: string;
}

/** Creates and stores a ticket for `accountId`. */
export async function issueTicket(
  deps: CoreDeps,
  accountId: string,
  flags: { validated: boolean; authorised?: boolean },
): Promise<IssuedTicket> {
  const now = deps.clock.now();
  const token = newToken();
  const row: MfaTicketRow = {
    id: newId(now),
    accountId,
    tokenHash: hashToken(token),
    validated: flags.validated,
    authorised: flags.authorised ?? false,
    lastTotpCode: null,
    createdAt: now,
  };
  await deps.db.mfaTickets.create(row);
  return { row, token };
}

/** True once five minutes have passed since the ticket's id was made. */
export function isTicketExpired(row: MfaTicketRow, nowMs: number): boolean {
  return nowMs > idTime(row.id) + MFA_TICKET_TTL_MS;
}

/** The unexpired ticket with this token, or null. */
export async function findLiveTicket(deps: CoreDeps, token: string): Promise<MfaTicketRow | null> {
  if (token.length === 0 || token.length > 128) return null;
  const row = await deps.db.mfaTickets.findByTokenHash(hashToken(token));
  if (!row || isTicketExpired(row, deps.clock.now())) return null;
  return row;
}

/**
 * Consumes a validated ticket of `accountId` (the `X-MFA-Ticket` guard). Unknown, expired or
 * another account's → 401 `InvalidToken`; not validated or already used → 403 `InvalidToken`.
 */
export async function claimValidatedTicket(
  deps: CoreDeps,
  token: string,
  accountId: string,
): Promise<MfaTicketRow> {
  const row = await findLiveTicket(deps, token);
  if (!row || row.accountId !== accountId) throw fail('InvalidToken');
  if (!row.validated) throw fail('InvalidToken', {}, 403);
  if (!(await deps.db.mfaTickets.delete(row.id))) throw fail('InvalidToken', {}, 403);
  return row;
}
