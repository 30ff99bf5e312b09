/** Requests to an in-process fetch handler (a Hono app or a service), the way clients send them. */

/** Options of one test request. */
export interface TestRequestOptions {
  /** Sent as JSON (a string is sent as it is). */
  body?: unknown;
  /** Sent as `X-Session-Token`. */
  token?: string;
  headers?: Record<string, string>;
  /** The client address the composition root would record (default 127.0.0.1). */
  remoteAddr?: string;
}

/** A response, its body parsed as JSON when possible (null when empty). */
export interface TestResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends one request; resolves with its status, headers and parsed body. */
export type TestRequest = <T = Record<string, unknown>>(
  method: string,
  path: string,
  options?: TestRequestOptions,
) => Promise<TestResponse<T>>;

/** A `request` function bound to `fetch` (e.g. `app.fetch` of a Hono app). */
export function requester(fetch: (request: Request) => Response | Promise<Response>): TestRequest {
  return async <T>(method: string, path: string, opts: TestRequestOptions = {}) => {
    const headers = new Headers(opts.headers);
    headers.set('x-ermine-remote-addr', opts.remoteAddr ?? '127.0.0.1');
    if (opts.token !== undefined) headers.set('x-session-token', opts.token);
    const body =
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string'
          ? opts.body
          : JSON.stringify(opts.body);
    const res = await fetch(new Request(`http://ermine.test${path}`, { method, headers, body }));
    const text = await res.text();
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
}
