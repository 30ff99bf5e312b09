import { ERROR_STATUS, type ErrorType } from './catalogue';

/** Extra fields flattened next to `type` in the JSON body (e.g. `max`, `permission`, `with`). */
export type ErrorFields = Record<string, string | number | boolean | null>;

/**
 * A domain or request error that reaches the client as Stoat's `{type, ...fields}` body.
 * Throw it anywhere below the HTTP edge; the edge renders it with `status`.
 */
export class StoatError extends Error {
  readonly type: ErrorType;
  readonly fields: ErrorFields;
  readonly status: number;

  constructor(type: ErrorType, fields: ErrorFields = {}, status?: number) {
    super(type);
    this.name = 'StoatError';
    this.type = type;
    this.fields = fields;
    this.status = status ?? ERROR_STATUS[type];
  }

  /** The JSON body sent to clients. */
  toBody(): Record<string, unknown> {
    return { type: this.type, ...this.fields, location: 'ermine' };
  }
}

/** Shorthand: `throw fail('NotFound')`. */
export function fail(type: ErrorType, fields?: ErrorFields, status?: number): StoatError {
  return new StoatError(type, fields, status);
}

/** Type guard for errors that carry a Stoat error body. */
export function isStoatError(err: unknown): err is StoatError {
  return err instanceof StoatError;
}

/** The HTTP status for an error type. */
export function statusOf(type: ErrorType): number {
  return ERROR_STATUS[type];
}
