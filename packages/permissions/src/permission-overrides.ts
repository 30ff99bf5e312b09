import { holds, union, without } from './permission-value';

/** An override as stored and sent (Stoat's `OverrideField`): `a` allows, `d` denies. */
export interface OverrideField {
  a: number;
  d: number;
}

/** An override as "set permissions" request bodies carry it (Stoat's `Override`). */
export interface Override {
  allow: number;
  deny: number;
}

/** The override that changes nothing. */
export const EMPTY_OVERRIDE: Readonly<OverrideField> = Object.freeze({ a: 0, d: 0 });

/** The stored form of a request's override. */
export function toOverrideField(override: Override): OverrideField {
  return { a: override.allow, d: override.deny };
}

/** The request form of a stored override. */
export function fromOverrideField(field: OverrideField): Override {
  return { allow: field.a, deny: field.d };
}

/** Applies one override: its allows are added, then its denies removed (deny wins). */
export function applyOverride(value: number, override: OverrideField): number {
  return without(union(value, override.a), override.d);
}

/** Applies overrides in order, so a later one wins over an earlier one. */
export function applyOverrides(value: number, overrides: readonly OverrideField[]): number {
  return overrides.reduce(applyOverride, value);
}

/**
 * "You cannot grant what you don't have": true when an actor holding `held` may change an
 * override from `current` (null when none is set) to `next`. Every newly allowed bit and every
 * bit no longer denied must be held; with no current override, every allowed bit must be.
 * Otherwise Stoat answers CannotGiveMissingPermissions.
 */
export function canChangeOverride(
  held: number,
  current: OverrideField | null,
  next: OverrideField,
): boolean {
  if (current === null) return holds(held, next.a);
  return holds(held, without(next.a, current.a)) && holds(held, without(current.d, next.d));
}

/** True when an actor holding `held` may set a plain value (a server's default permissions). */
export function canSetValue(held: number, next: number): boolean {
  return holds(held, next);
}
