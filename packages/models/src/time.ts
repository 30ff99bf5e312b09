/** Epoch milliseconds as Stoat's timestamp string: ISO-8601 UTC with milliseconds and `Z`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parses an ISO-8601 timestamp into epoch milliseconds, or null when it is not one. */
export function parseIsoTime(value: string): number | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
