import type { AccountRow } from '@ermine/database';
import type { MFAResponse } from '@ermine/models/mfa';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { consumeMfaResponse } from './mfa-response';
import { findLiveTicket, issueTicket, type IssuedTicket } from './mfa-ticket';

/** Who asks for a validated ticket: a logged-in account, or the holder of an unvalidated ticket. */
export interface TicketRequester {
  account: AccountRow | null;
  ticketToken: string | null;
}

async function accountOf(deps: CoreDeps, who: TicketRequester): Promise<AccountRow> {
  if (who.account && who.ticketToken !== null) throw fail('OperationFailed');
  if (who.account) return who.account;
  if (who.ticketToken === null) throw fail('InvalidToken');
  const ticket = await findLiveTicket(deps, who.ticketToken);
  if (!ticket) throw fail('InvalidToken');
  if (ticket.validated) throw fail('InvalidToken', {}, 403);
  // The unvalidated ticket is spent whatever the answer, like Stoat's.
  await deps.db.mfaTickets.delete(ticket.id);
  const account = await deps.db.accounts.findById(ticket.accountId);
  if (!account) throw fail('InvalidToken');
  return account;
}

/**
 * `PUT /auth/mfa/ticket`: checks `response` and issues a validated ticket (good for one
 * sensitive action within five minutes). Both a session and a ticket → 500 `OperationFailed`;
 * neither → 401 `InvalidToken`.
 */
export async function createValidatedTicket(
  deps: CoreDeps,
  who: TicketRequester,
  response: MFAResponse,
): Promise<IssuedTicket> {
  const account = await accountOf(deps, who);
  await consumeMfaResponse(deps, account, response);
  return issueTicket(deps, account.id, { validated: true });
}
