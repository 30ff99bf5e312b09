import { request as httpRequest } from 'node:http';

/** What an oversized chunked upload got back, and how much of it was sent by then. */
export interface ChunkedUploadOutcome {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Bytes of the body written before the answer's head arrived. */
  sentBeforeAnswer: number;
}

/**
 * POSTs a chunked body (no Content-Length) of up to `totalBytes` to `url`, one chunk at a time,
 * and stops sending as soon as the answer's head arrives. A server that caps bodies while
 * streaming answers long before `totalBytes` were sent; one that buffers first never does.
 */
export async function chunkedUpload(
  url: string,
  options: { headers?: Record<string, string>; totalBytes: number; chunkBytes?: number },
): Promise<ChunkedUploadOutcome> {
  const chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024, 0x61);
  let sent = 0;
  let answeredAt: number | null = null;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { ...options.headers, 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      answeredAt = sent;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(parts).toString('utf8'),
          sentBeforeAnswer: answeredAt ?? sent,
        });
      });
    });
    req.on('error', (error) => {
      if (answeredAt === null) reject(error);
    });
    const pump = (): void => {
      while (answeredAt === null && sent < options.totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', () => setImmediate(pump));
          return;
        }
      }
      if (answeredAt === null) req.end();
    };
    pump();
  });
}
