/** Synced settings: each key maps to `[timestamp in ms, JSON text]`. */
export type UserSettings = Record<string, [number, string]>;

/** A policy change the user has not acknowledged yet. */
export interface PolicyChange {
  created_time: string;
  effective_time: string;
  description: string;
  url: string;
}
