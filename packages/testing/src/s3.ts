/**
 * An S3 server for driver suites: s3rver on a random loopback port, storing in a temp folder.
 * It answers path-style requests on `endpoint` and virtual-host requests on `vhostEndpoint`
 * (`<bucket>.s3.ermine.test`), whose names `agent` resolves to 127.0.0.1 without any DNS.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The pseudo-domain of virtual-host requests; never leaves this process. */
const VHOST_DOMAIN = 'ermine.test';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: http.Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

/** One request the server received, for assertions about addressing. */
export interface S3Request {
  method: string;
  host: string;
  path: string;
}

/** A running test S3 server. */
export interface TestS3Server {
  /** Path-style endpoint: `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Virtual-host endpoint: `http://s3.ermine.test:<port>`; use with `agent`. */
  vhostEndpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Resolves `*.ermine.test` to 127.0.0.1 (pass as the S3 client's `httpAgent`). */
  agent: http.Agent;
  /** Every request received so far. */
  requests: S3Request[];
  /** Where objects are stored (s3rver's own layout). */
  directory: string;
  close(): Promise<void>;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function loopbackLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  if (hostname === VHOST_DOMAIN || hostname.endsWith(`.${VHOST_DOMAIN}`)) {
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err || options.all) callback(err, addresses);
    else callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
  });
}

/** Starts s3rver on 127.0.0.1 with a random port; `close()` stops it and removes its files. */
export async function startS3Server(): Promise<TestS3Server> {
  const require = createRequire(import.meta.url);
  const S3rver = require('s3rver') as S3rverClass;
  const directory = await mkdtemp(join(tmpdir(), 'ermine-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    serviceEndpoint: VHOST_DOMAIN,
    vhostBuckets: true,
  });
  const address = await server.run();
  const requests: S3Request[] = [];
  // Before s3rver's own listener, which rewrites virtual-host URLs to path style.
  server.httpServer?.prependListener('request', (req: http.IncomingMessage) => {
    requests.push({
      method: req.method ?? '',
      host: req.headers.host ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
    });
  });
  const agent = new http.Agent({ keepAlive: false, lookup: loopbackLookup as never });
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    vhostEndpoint: `http://s3.${VHOST_DOMAIN}:${address.port}`,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    agent,
    requests,
    directory,
    async close() {
      agent.destroy();
      await server.close().catch(() => undefined);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
