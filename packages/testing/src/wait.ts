/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `pollMs` until it is true; throws once `timeoutMs` has passed. */
export async function waitFor(check: () => boolean, timeoutMs = 8000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(pollMs);
  }
}
