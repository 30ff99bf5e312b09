import type { ErmineConfig } from '@ermine/config';
import { idTime } from '@ermine/models/ids';

/** One tier of `[features.limits]` (`new_user` or `default`). */
export type UserLimits = ErmineConfig['features']['limits']['default'];

/**
 * The limits tier of a user: `new_user` while the time in its id is less than
 * `features.limits.global.new_user_hours` old, `default` afterwards.
 */
export function userLimits(config: ErmineConfig, userId: string, nowMs: number): UserLimits {
  const limits = config.features.limits;
  let created: number;
  try {
    created = idTime(userId);
  } catch {
    return limits.default;
  }
  const newForMs = limits.global.new_user_hours * 3_600_000;
  return nowMs - created <= newForMs ? limits.new_user : limits.default;
}
