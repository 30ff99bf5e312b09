import type { Hono } from 'hono';
import type { ApiDeps } from '../../deps';
import { accountChangeEmailRoute } from './account/account-change-email';
import { accountChangePasswordRoute } from './account/account-change-password';
import { accountCreateRoute } from './account/account-create';
import { accountDeleteRoute } from './account/account-delete';
import { accountDeleteConfirmRoute } from './account/account-delete-confirm';
import { accountDisableRoute } from './account/account-disable';
import { accountFetchRoute } from './account/account-fetch';
import { accountResetPasswordRoute } from './account/account-reset-password';
import { accountResetPasswordSendRoute } from './account/account-reset-password-send';
import { accountReverifyRoute } from './account/account-reverify';
import { accountVerifyRoute } from './account/account-verify';
import { mfaMethodsRoute } from './mfa/mfa-methods';
import { mfaRecoveryFetchRoute } from './mfa/mfa-recovery-fetch';
import { mfaRecoveryGenerateRoute } from './mfa/mfa-recovery-generate';
import { mfaStatusRoute } from './mfa/mfa-status';
import { mfaTicketCreateRoute } from './mfa/mfa-ticket-create';
import { mfaTotpDisableRoute } from './mfa/mfa-totp-disable';
import { mfaTotpEnableRoute } from './mfa/mfa-totp-enable';
import { mfaTotpGenerateRoute } from './mfa/mfa-totp-generate';
import { sessionDeleteRoute } from './session/session-delete';
import { sessionDeleteAllRoute } from './session/session-delete-all';
import { sessionEditRoute } from './session/session-edit';
import { sessionListRoute } from './session/session-list';
import { sessionLoginRoute } from './session/session-login';
import { sessionLogoutRoute } from './session/session-logout';

/** Stoat's `/auth/account`, `/auth/session` and `/auth/mfa` groups. */
export function authRoutes(app: Hono, deps: ApiDeps): void {
  accountCreateRoute(app, deps);
  accountReverifyRoute(app, deps);
  accountDeleteConfirmRoute(app, deps);
  accountFetchRoute(app, deps);
  accountDeleteRoute(app, deps);
  accountDisableRoute(app, deps);
  accountChangePasswordRoute(app, deps);
  accountChangeEmailRoute(app, deps);
  accountVerifyRoute(app, deps);
  accountResetPasswordSendRoute(app, deps);
  accountResetPasswordRoute(app, deps);
  sessionLoginRoute(app, deps);
  sessionLogoutRoute(app, deps);
  sessionListRoute(app, deps);
  // `/all` before `/{id}`, so that "all" is never taken for a session id.
  sessionDeleteAllRoute(app, deps);
  sessionDeleteRoute(app, deps);
  sessionEditRoute(app, deps);
  mfaTicketCreateRoute(app, deps);
  mfaStatusRoute(app, deps);
  mfaRecoveryFetchRoute(app, deps);
  mfaRecoveryGenerateRoute(app, deps);
  mfaMethodsRoute(app, deps);
  mfaTotpGenerateRoute(app, deps);
  mfaTotpEnableRoute(app, deps);
  mfaTotpDisableRoute(app, deps);
}
