import {
  canChangeOverride,
  firstMissing,
  hasUserPermission,
  isRankedAbove,
  type OverrideField,
  type PermissionName,
  type UserPermissionName,
} from '@ermine/permissions';
import { fail } from '@ermine/result';

/** Throws 403 `MissingPermission { permission }` naming the first of `permissions` not held. */
export function throwIfMissing(value: number, ...permissions: PermissionName[]): void {
  const missing = firstMissing(value, permissions);
  if (missing !== null) throw fail('MissingPermission', { permission: missing });
}

/** Throws 403 `MissingPermission { permission }` unless `value` holds the user permission. */
export function throwIfMissingUserPermission(value: number, permission: UserPermissionName): void {
  if (!hasUserPermission(value, permission)) throw fail('MissingPermission', { permission });
}

/** Throws 403 `NotElevated` unless an actor of rank `actor` sits strictly above `rank`. */
export function throwIfNotRankedAbove(actor: number, rank: number): void {
  if (!isRankedAbove(actor, rank)) throw fail('NotElevated');
}

/** Throws 403 `CannotGiveMissingPermissions` when `held` cannot change `current` into `next`. */
export function throwIfCannotGive(
  held: number,
  current: OverrideField | null,
  next: OverrideField,
): void {
  if (!canChangeOverride(held, current, next)) throw fail('CannotGiveMissingPermissions');
}
