/**
 * Thrown by a store when a write would break a uniqueness rule (a taken e-mail, a taken
 * username#discriminator, a reused id or token hash). `constraint` names the rule that failed.
 */
export class DuplicateKeyError extends Error {
  readonly constraint: string;

  constructor(constraint: string, options?: { cause?: unknown }) {
    super(`duplicate key: ${constraint}`, options);
    this.name = 'DuplicateKeyError';
    this.constraint = constraint;
  }
}

/** Type guard for {@link DuplicateKeyError}. */
export function isDuplicateKeyError(err: unknown): err is DuplicateKeyError {
  return err instanceof DuplicateKeyError;
}
