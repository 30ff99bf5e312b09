/** Twirp's error codes and the HTTP status each one is sent with (Twirp v7 spec). */
export const TWIRP_STATUS = {
  canceled: 408,
  unknown: 500,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  dataloss: 500,
} as const;

export type TwirpCode = keyof typeof TWIRP_STATUS;

/** An error a Twirp method answers with: `{code, msg, meta?}` as JSON and the code's status. */
export class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
    readonly meta?: Record<string, string>,
  ) {
    super(message);
    this.name = 'TwirpError';
  }
}

/** Renders a Twirp error response. The content type is exactly `application/json`: clients compare it. */
export function twirpErrorResponse(error: TwirpError): Response {
  const body: { code: TwirpCode; msg: string; meta?: Record<string, string> } = {
    code: error.code,
    msg: error.message,
  };
  if (error.meta !== undefined) body.meta = error.meta;
  return new Response(JSON.stringify(body), {
    status: TWIRP_STATUS[error.code],
    headers: { 'content-type': 'application/json' },
  });
}
