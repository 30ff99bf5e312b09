/**
 * `blobs` in any S3-compatible store (@aws-sdk/client-s3), path-style or virtual-host addressing.
 * Objects are sealed with AES-256-GCM before upload (see crypto-blobs.ts), so the store only
 * ever sees ciphertext.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Blobs } from '../ports';
import { assertBlobName, openStoredBlob, parseEncryptionKey, sealBlob } from '../crypto-blobs';

/** How to reach the store (`[files.s3]` of Revolt.toml) and the key blobs are sealed with. */
export interface S3BlobsOptions {
  /** e.g. `http://minio:9000` */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** true: `endpoint/bucket/key`; false: `bucket.endpoint-host/key` (virtual host). */
  pathStyle: boolean;
  /**
   * One S3 bucket for everything (Stoat's `default_bucket`): a blob of port bucket `b` and key
   * `k` is stored as `b/k` in it. Unset: each port bucket is an S3 bucket of the same name.
   */
  bucket?: string;
  /** `files.encryption_key`: base64 of 32 bytes. */
  encryptionKey: string;
  /** A custom HTTP handler or its options (agents, timeouts) for the S3 client. */
  requestHandler?: S3ClientConfig['requestHandler'];
}

function errorName(err: unknown): string {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name ?? e?.Code ?? '';
}

function isNotFound(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata
    ?.httpStatusCode;
  return ['NoSuchKey', 'NoSuchBucket', 'NotFound'].includes(errorName(err)) || status === 404;
}

/**
 * Encrypted blobs in S3. A missing bucket is created on the first write to it. Throws at once on
 * a bad encryption key.
 */
export function createS3Blobs(options: S3BlobsOptions): Blobs {
  const key = parseEncryptionKey(options.encryptionKey);
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region || 'us-east-1',
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    forcePathStyle: options.pathStyle,
    // Many S3-compatible stores reject the SDK's newer default checksums; send them only if required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
  });
  const created = new Map<string, Promise<void>>();

  const locate = (bucket: string, name: string): { Bucket: string; Key: string } => {
    assertBlobName('bucket', bucket);
    assertBlobName('key', name);
    return options.bucket
      ? { Bucket: options.bucket, Key: `${bucket}/${name}` }
      : { Bucket: bucket, Key: name };
  };

  const createBucket = (bucket: string): Promise<void> => {
    let pending = created.get(bucket);
    if (!pending) {
      pending = client
        .send(new CreateBucketCommand({ Bucket: bucket }))
        .then(() => undefined)
        .catch((err: unknown) => {
          if (['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(errorName(err))) return;
          created.delete(bucket);
          throw err;
        });
      created.set(bucket, pending);
    }
    return pending;
  };

  return {
    async put(bucket, name, data, contentType) {
      const where = locate(bucket, name);
      const put = () =>
        client.send(
          new PutObjectCommand({
            ...where,
            Body: sealBlob(key, data, contentType),
            ContentType: 'application/octet-stream',
          }),
        );
      try {
        await put();
      } catch (err) {
        if (errorName(err) !== 'NoSuchBucket') throw err;
        await createBucket(where.Bucket);
        await put();
      }
    },
    async get(bucket, name) {
      let sealed: Uint8Array;
      try {
        const out = await client.send(new GetObjectCommand(locate(bucket, name)));
        if (!out.Body) return null;
        sealed = await out.Body.transformToByteArray();
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
      return openStoredBlob(key, sealed);
    },
    async delete(bucket, name) {
      try {
        await client.send(new DeleteObjectCommand(locate(bucket, name)));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
    async close() {
      client.destroy();
    },
  };
}
