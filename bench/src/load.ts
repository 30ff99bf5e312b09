import { Agent, request } from 'node:http';

/** One request of a load run. */
export interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What a load run measured. */
export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<number, number>;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
}

/**
 * Sends requests from `next()` over `connections` keep-alive connections for `seconds`,
 * and reports throughput and latency. Bounded in time; stops by itself.
 */
export async function runLoad(options: {
  baseUrl: string;
  connections: number;
  seconds: number;
  next: (i: number) => LoadRequest;
}): Promise<LoadResult> {
  const url = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let counter = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const one = (req: LoadRequest) =>
    new Promise<number>((resolve) => {
      const r = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: req.method,
          path: url.pathname.replace(/\/$/, '') + req.path,
          headers: {
            ...req.headers,
            ...(req.body ? { 'content-length': Buffer.byteLength(req.body) } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      r.on('error', () => resolve(0));
      if (req.body) r.write(req.body);
      r.end();
    });

  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const status = await one(options.next(counter++));
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 0 || status >= 500) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    statuses,
    seconds,
    perSecond: latencies.length / seconds,
    p50ms: pick(0.5),
    p99ms: pick(0.99),
  };
}

/** Prints one result line in a fixed format. */
export function printResult(name: string, r: LoadResult): void {
  const codes = Object.entries(r.statuses)
    .map(([code, n]) => `${code}:${n}`)
    .join(' ');
  console.log(
    `${name.padEnd(28)} ${r.perSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50ms.toFixed(2)} ms  p99 ${r.p99ms.toFixed(2)} ms  (${r.requests} requests, statuses ${codes})`,
  );
}
