import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ErmineConfig } from '@ermine/config';
import type { Database } from '@ermine/database';
import type { Blobs, Bus, Cache, Jobs, Logger } from '@ermine/infra';
import { systemClock } from '@ermine/infra';
import { createMemoryBus, createMemoryCache, createMemoryJobs } from '@ermine/infra/drivers/memory';
import { StartupError, describeFsError } from './startup-error';

/** Every port's driver, chosen from config, with one close for all. */
export interface Infra {
  db: Database;
  bus: Bus;
  cache: Cache;
  jobs: Jobs;
  blobs: Blobs;
  close(): Promise<void>;
}

/** Key prefix of everything Ermine keeps in Redis. */
const REDIS_PREFIX = 'ermine:';

/** The data folder as an absolute path. */
export function dataDir(config: ErmineConfig): string {
  return resolve(config.ermine.data_dir);
}

/** The AMQP URL of `[rabbit]` (Stoat's keys), or null when jobs stay in process. */
export function rabbitUrl(config: ErmineConfig): string | null {
  const r = config.rabbit;
  if (!r.host) return null;
  const auth = `${encodeURIComponent(r.username)}:${encodeURIComponent(r.password)}`;
  return `amqp://${auth}@${r.host}:${r.port}`;
}

/**
 * Opens the drivers the config asks for: SQLite or PostgreSQL, memory or Redis for bus and cache,
 * in-process or RabbitMQ jobs, a local folder or S3 for files. Migrations run on open. A driver's
 * module (and its client library) is loaded only when the config picks it, so an idle process
 * doesn't hold the PostgreSQL, Redis, RabbitMQ and S3 clients it never uses.
 */
export async function buildInfra(config: ErmineConfig, log: Logger): Promise<Infra> {
  const opened: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(x: T): T => {
    opened.push(x);
    return x;
  };
  try {
    const db = track(await openDb(config, log));
    const redis = config.database.redis;
    const redisDriver = redis ? await import('@ermine/infra/drivers/redis') : null;
    const bus = track(
      redis && redisDriver
        ? await redisDriver.createRedisBus({ url: redis, prefix: REDIS_PREFIX, logger: log })
        : createMemoryBus({ logger: log }),
    );
    const cache = track(
      redis && redisDriver
        ? await redisDriver.createRedisCache({ url: redis, prefix: REDIS_PREFIX, logger: log })
        : createMemoryCache(systemClock),
    );
    const amqp = rabbitUrl(config);
    const jobs = track(amqp ? await openRabbitJobs(amqp, log) : createMemoryJobs({ logger: log }));
    const blobs = track(await openBlobs(config));
    log.info(
      {
        db: db.dialect,
        bus: redis ? 'redis' : 'memory',
        jobs: amqp ? 'rabbitmq' : 'memory',
        files: config.files.s3.endpoint ? 's3' : 'local',
      },
      'storage ready',
    );
    return {
      db,
      bus,
      cache,
      jobs,
      blobs,
      close: async () => {
        for (const x of opened.reverse()) await x.close().catch(() => {});
      },
    };
  } catch (err) {
    for (const x of opened.reverse()) await x.close().catch(() => {});
    throw err;
  }
}

async function openDb(config: ErmineConfig, log: Logger): Promise<Database> {
  if (config.database.postgres) {
    log.info('connecting to PostgreSQL and applying migrations');
    const { openPostgresDatabase } = await import('@ermine/database/drivers/postgres');
    return openPostgresDatabase({ url: config.database.postgres });
  }
  const file = config.database.sqlite || join(dataDir(config), 'ermine.sqlite');
  log.info({ file }, 'opening SQLite database and applying migrations');
  const cannot = (err: unknown) =>
    new StartupError(
      `cannot open the SQLite database ${file}: ${describeFsError(err)}; make the file and its folder writable by this user, or set [database] sqlite (or --data DIR) to another place`,
    );
  try {
    await makePrivate(file);
  } catch (err) {
    throw cannot(err);
  }
  const { openSqliteDatabase } = await import('@ermine/database/drivers/sqlite');
  try {
    return await openSqliteDatabase({ file });
  } catch (err) {
    throw cannot(err);
  }
}

/**
 * The database holds password hashes and TOTP secrets: create it readable by its owner only
 * (SQLite gives its -wal and -shm files the same mode), and tighten files an older version made.
 */
async function makePrivate(file: string): Promise<void> {
  if (file === ':memory:') return;
  try {
    await writeFile(file, '', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    for (const path of [file, `${file}-wal`, `${file}-shm`])
      await chmod(path, 0o600).catch(() => {});
  }
}

async function openRabbitJobs(url: string, log: Logger): Promise<Jobs> {
  const { createRabbitJobs } = await import('@ermine/infra/drivers/rabbitmq');
  return createRabbitJobs({ url, logger: log });
}

async function openBlobs(config: ErmineConfig): Promise<Blobs> {
  const s3 = config.files.s3;
  if (s3.endpoint) {
    const { createS3Blobs } = await import('@ermine/infra/drivers/s3-blobs');
    return createS3Blobs({
      endpoint: s3.endpoint,
      region: s3.region,
      accessKeyId: s3.access_key_id,
      secretAccessKey: s3.secret_access_key,
      pathStyle: s3.path_style_buckets,
      bucket: s3.default_bucket,
      encryptionKey: config.files.encryption_key,
    });
  }
  const dir = join(dataDir(config), 'files');
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new StartupError(
      `cannot create the files folder ${dir}: ${describeFsError(err)}; make the data folder writable by this user, or choose another with --data DIR`,
    );
  }
  const { createLocalBlobs } = await import('@ermine/infra/drivers/local-blobs');
  return createLocalBlobs({ dir, encryptionKey: config.files.encryption_key });
}
