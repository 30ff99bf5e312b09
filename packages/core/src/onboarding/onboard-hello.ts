import type { OnboardingStatus } from '@ermine/models/user';
import type { CoreDeps } from '../deps';

/** `GET /onboard/hello`: whether the account still has to pick a username. */
export async function onboardingStatus(
  deps: Pick<CoreDeps, 'db'>,
  accountId: string,
): Promise<OnboardingStatus> {
  const user = await deps.db.users.findById(accountId);
  return { onboarding: user === null };
}
