/**
 * External services (PostgreSQL, Redis, RabbitMQ) for driver suites. A suite asks for its service
 * once: reachable → its URL; unreachable → null and the suite is skipped with a clear message,
 * except with CI=true, where an unreachable service is an error (no driver suite may be skipped).
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** True when every external service must be reachable (env CI=true). */
function ciRequiresServices(): boolean {
  return process.env.CI === 'true';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs `probe`, which resolves the service's URL once it answered. Unreachable: resolves null
 * (and prints why the suite skips), or throws when CI=true.
 */
export async function requireService(
  name: string,
  probe: () => Promise<string>,
): Promise<string | null> {
  try {
    return await probe();
  } catch (err) {
    const why = `${name} is unreachable: ${messageOf(err)}`;
    if (ciRequiresServices())
      throw new Error(`${why} (CI=true: its driver suite may not be skipped)`);
    console.warn(`# skipping the ${name} driver suite: ${why}`);
    return null;
  }
}

/** A `skip` option for describe(): false when `url` is set, otherwise the reason. */
export function skipUnlessReachable(
  name: string,
  url: string | null,
  envVar: string,
): string | false {
  return url === null ? `${name} unreachable (set ${envVar} to a running ${name})` : false;
}

/** A short random lowercase id for names that must not collide between runs. */
export function randomId(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36).slice(-4);
}

/** A loopback TCP relay to a service, whose connections a test can cut to simulate a network loss. */
export interface TcpProxy {
  /** `host:port` to connect to instead of the service. */
  address: string;
  port: number;
  /** Connections relayed so far. */
  accepted(): number;
  /** Destroys every open connection (both sides); new ones are still relayed. */
  cut(): void;
  close(): Promise<void>;
}

/** Starts a relay on 127.0.0.1 (random port) to `targetHost:targetPort`. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const cut = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  return {
    address: `127.0.0.1:${port}`,
    port,
    accepted: () => accepted,
    cut,
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
