/**
 * RabbitMQ driver of `jobs` (amqplib). For a job queue `q` and the prefix `p` it uses:
 *   `p q`                  durable work queue; messages persistent JSON, published with confirms
 *   `p q.retry-<N>ms`      durable parking queue with a TTL of N ms that dead-letters back to `p q`
 *   `p q.dead`             durable dead-letter queue: jobs that failed `maxAttempts` times
 * A consumer gets its own channel with prefetch = concurrency and acks a job only after its
 * handler resolved. A lost connection is re-opened with backoff and every consumer re-attached;
 * jobs that were unacked when it dropped are redelivered by the broker.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { connect } from 'amqplib';
import type { ConsumeOptions, Jobs, Logger, Unsubscribe } from '../ports';
import { silentLogger } from '../ports';
import { withTimeout } from '../wait';
import type { JobRetryOptions, RetryPolicy } from './retry';
import { encodePayload, errorMessage, redactUrl, retryDelay, retryPolicy } from './retry';

/** Message header counting attempts; the first delivery has none (= attempt 1). */
export const ATTEMPT_HEADER = 'x-ermine-attempt';
/** Header of a dead-lettered job: the last error message. */
export const ERROR_HEADER = 'x-ermine-error';

/** Where RabbitMQ is and how queues are named. */
export interface RabbitJobsOptions extends JobRetryOptions {
  /** `amqp://user:password@host:port[/vhost]` */
  url: string;
  /** Prepended to every queue name (default 'ermine.'). */
  prefix?: string;
  /** Give up an enqueue that got no broker confirm in this time, reconnects included (default 30 s). */
  enqueueTimeoutMs?: number;
  /** First delay between reconnect attempts; it doubles up to 10 s (default 200 ms). */
  reconnectDelayMs?: number;
  /** Where connection trouble, retries and dead-lettered jobs are reported. */
  logger?: Logger;
}

interface Consumer {
  queue: string;
  handler: (payload: unknown) => Promise<void>;
  concurrency: number;
  active: boolean;
  /** The connection this consumer's channel lives on (null while detached). */
  model: ChannelModel | null;
  channel: Channel | null;
  tag: string | null;
  running: number;
  onIdle: (() => void)[];
}

interface Publisher {
  model: ChannelModel;
  channel: Promise<ConfirmChannel>;
  declared: Map<string, Promise<unknown>>;
}

const MAX_RECONNECT_DELAY_MS = 10_000;

/** Queue names derived from one job queue. */
export function rabbitQueueNames(prefix: string, queue: string, policy: RetryPolicy) {
  const main = prefix + queue;
  const delays = [
    ...new Set(Array.from({ length: policy.maxAttempts - 1 }, (_, i) => retryDelay(policy, i + 1))),
  ];
  return { main, dead: `${main}.dead`, retry: delays.map((ms) => `${main}.retry-${ms}ms`) };
}

/**
 * Connects to RabbitMQ and returns durable job queues (at-least-once). `enqueue` resolves after
 * the broker confirmed the persistent message. A rejected handler's job is parked in a retry
 * queue for an exponential backoff and comes back; after `maxAttempts` it goes to `<queue>.dead`.
 * `close()` drops the connection at once: jobs still running are not acked and come back.
 */
export async function createRabbitJobs(options: RabbitJobsOptions): Promise<Jobs> {
  const policy = retryPolicy(options);
  const log = options.logger ?? silentLogger;
  const prefix = options.prefix ?? 'ermine.';
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 30_000;
  const firstReconnectDelay = options.reconnectDelayMs ?? 200;
  const consumers = new Set<Consumer>();
  const sleeps = new Map<NodeJS.Timeout, () => void>();
  let current: ChannelModel | null = null;
  let reconnecting: Promise<ChannelModel> | null = null;
  let publisher: Publisher | null = null;
  let closed = false;

  /** A pause that close() cuts short. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleeps.delete(timer);
        resolve();
      }, ms);
      sleeps.set(timer, resolve);
    });

  const open = async (): Promise<ChannelModel> => {
    const model = await connect(options.url, {
      clientProperties: { connection_name: 'ermine-jobs' },
    });
    model.on('error', (err: Error) =>
      log.warn({ err: errorMessage(err) }, 'rabbitmq connection error'),
    );
    model.on('close', () => {
      if (current !== model) return;
      current = null;
      publisher = null;
      for (const c of consumers) if (c.model === model) detach(c);
      if (!closed) {
        log.warn('rabbitmq connection lost; reconnecting');
        void connection().catch(() => undefined);
      }
    });
    if (closed) {
      await model.close().catch(() => undefined);
      throw new Error('jobs are closed');
    }
    current = model;
    for (const c of consumers) void attach(c);
    return model;
  };

  const reconnectLoop = async (): Promise<ChannelModel> => {
    let delay = firstReconnectDelay;
    for (;;) {
      if (closed) throw new Error('jobs are closed');
      try {
        return await open();
      } catch (err) {
        if (closed) throw new Error('jobs are closed');
        log.warn({ err: errorMessage(err), retryInMs: delay }, 'rabbitmq reconnect failed');
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
      }
    }
  };

  /** The live connection, waiting for a reconnect if there is none. */
  const connection = async (): Promise<ChannelModel> => {
    if (closed) throw new Error('jobs are closed');
    if (current) return current;
    if (!reconnecting) {
      reconnecting = reconnectLoop().finally(() => {
        reconnecting = null;
      });
    }
    return reconnecting;
  };

  const publisherChannel = async (): Promise<Publisher> => {
    const model = await connection();
    if (publisher && publisher.model === model) return publisher;
    const state: Publisher = { model, channel: model.createConfirmChannel(), declared: new Map() };
    publisher = state;
    state.channel.then(
      (ch) => {
        ch.on('error', (err: Error) =>
          log.warn({ err: errorMessage(err) }, 'rabbitmq channel error'),
        );
        ch.on('close', () => {
          if (publisher === state) publisher = null;
        });
      },
      () => {
        if (publisher === state) publisher = null;
      },
    );
    return state;
  };

  const declare = (
    p: Publisher,
    ch: ConfirmChannel,
    queue: string,
    args?: Record<string, unknown>,
  ) => {
    let declared = p.declared.get(queue);
    if (!declared) {
      declared = ch.assertQueue(queue, { durable: true, arguments: args });
      p.declared.set(queue, declared);
      declared.catch(() => p.declared.delete(queue));
    }
    return declared;
  };

  /** Publishes a persistent message and waits for the broker's confirm, retrying across reconnects. */
  const publish = async (
    queue: string,
    body: Buffer,
    headers: Record<string, unknown>,
    args?: Record<string, unknown>,
  ): Promise<void> => {
    const deadline = Date.now() + enqueueTimeoutMs;
    const left = () => deadline - Date.now();
    let lastError: unknown = null;
    for (let attempt = 0; ; attempt++) {
      if (closed) throw new Error('jobs are closed');
      try {
        const p = await withTimeout(publisherChannel(), left(), 'opening a channel');
        const ch = await withTimeout(p.channel, left(), 'opening a channel');
        await withTimeout(declare(p, ch, queue, args), left(), 'declaring the queue');
        await withTimeout(
          new Promise<void>((resolve, reject) => {
            ch.sendToQueue(
              queue,
              body,
              {
                persistent: true,
                contentType: 'application/json',
                messageId: randomUUID(),
                headers,
              },
              (err: unknown) =>
                err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
            );
          }),
          left(),
          'the confirm',
        );
        return;
      } catch (err) {
        lastError = err;
        if (closed || Date.now() >= deadline) break;
        await sleep(Math.min(100 * 2 ** attempt, 2000));
      }
    }
    throw new Error(`enqueue to ${queue} not confirmed by RabbitMQ: ${errorMessage(lastError)}`);
  };

  const detach = (c: Consumer): void => {
    c.model = null;
    c.channel = null;
    c.tag = null;
  };

  const settle = (c: Consumer): void => {
    c.running--;
    if (c.running === 0) for (const resolve of c.onIdle.splice(0)) resolve();
  };

  const safely = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      // The channel is gone; the broker requeues the job by itself.
      log.debug({ err: errorMessage(err) }, `rabbitmq ${what} on a closed channel`);
    }
  };

  const handle = async (c: Consumer, ch: Channel, msg: ConsumeMessage): Promise<void> => {
    c.running++;
    const headers = msg.properties.headers ?? {};
    const attempt = Math.max(1, Number(headers[ATTEMPT_HEADER] ?? 1) || 1);
    try {
      let payload: unknown;
      try {
        payload = JSON.parse(msg.content.toString('utf8'));
      } catch {
        await park(c, msg, policy.maxAttempts, new Error('payload is not JSON'));
        safely('ack', () => ch.ack(msg));
        return;
      }
      try {
        await c.handler(payload);
      } catch (err) {
        await park(c, msg, attempt, err);
      }
      safely('ack', () => ch.ack(msg));
    } catch (err) {
      log.warn({ queue: c.queue, err: errorMessage(err) }, 'could not park a failed job; requeued');
      safely('nack', () => ch.nack(msg, false, true));
    } finally {
      settle(c);
    }
  };

  /** Sends a failed job to its retry queue, or to the dead-letter queue after the last attempt. */
  const park = async (
    c: Consumer,
    msg: ConsumeMessage,
    attempt: number,
    err: unknown,
  ): Promise<void> => {
    const names = rabbitQueueNames(prefix, c.queue, policy);
    const message = errorMessage(err).slice(0, 1000);
    if (attempt >= policy.maxAttempts) {
      log.error({ queue: c.queue, attempts: attempt, error: message }, 'job dead-lettered');
      await publish(names.dead, msg.content, {
        [ATTEMPT_HEADER]: attempt,
        [ERROR_HEADER]: message,
      });
      return;
    }
    const delay = retryDelay(policy, attempt);
    log.warn({ queue: c.queue, attempt, retryInMs: delay, error: message }, 'job failed');
    await publish(
      `${names.main}.retry-${delay}ms`,
      msg.content,
      { [ATTEMPT_HEADER]: attempt + 1 },
      {
        'x-message-ttl': delay,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': names.main,
      },
    );
  };

  /** Opens the consumer's channel on the live connection, unless it already has one there. */
  const attach = async (c: Consumer): Promise<void> => {
    let model: ChannelModel;
    try {
      model = await connection();
    } catch {
      return;
    }
    if (!c.active || c.model === model) return;
    c.model = model;
    try {
      const ch = await model.createChannel();
      ch.on('error', (err: Error) =>
        log.warn({ err: errorMessage(err) }, 'rabbitmq consumer channel error'),
      );
      ch.on('close', () => {
        if (c.channel !== ch) return;
        detach(c);
        // A channel-level close on a live connection: re-open the channel after a pause.
        if (c.active && !closed && current === model)
          void sleep(firstReconnectDelay).then(() => attach(c));
      });
      await ch.prefetch(c.concurrency);
      await ch.assertQueue(prefix + c.queue, { durable: true });
      if (!c.active || c.model !== model) {
        await ch.close().catch(() => undefined);
        return;
      }
      c.channel = ch;
      const { consumerTag } = await ch.consume(
        prefix + c.queue,
        (msg) => {
          if (msg) void handle(c, ch, msg);
          else if (c.active) void ch.close().catch(() => undefined);
        },
        { noAck: false },
      );
      c.tag = consumerTag;
    } catch (err) {
      log.warn(
        { queue: c.queue, err: errorMessage(err) },
        'rabbitmq consumer setup failed; retrying',
      );
      if (c.model === model) detach(c);
      if (c.active && !closed) void sleep(firstReconnectDelay).then(() => attach(c));
    }
  };

  try {
    current = await open();
  } catch (err) {
    throw new Error(
      `cannot connect to RabbitMQ at ${redactUrl(options.url)}: ${errorMessage(err)}`,
    );
  }

  return {
    async enqueue(queue, payload) {
      if (closed) throw new Error('jobs are closed');
      await publish(prefix + queue, Buffer.from(encodePayload(payload), 'utf8'), {});
    },
    async consume(queue, handler, consumeOptions: ConsumeOptions = {}): Promise<Unsubscribe> {
      if (closed) throw new Error('jobs are closed');
      const c: Consumer = {
        queue,
        handler,
        concurrency: Math.max(1, Math.floor(consumeOptions.concurrency ?? 1)),
        active: true,
        model: null,
        channel: null,
        tag: null,
        running: 0,
        onIdle: [],
      };
      consumers.add(c);
      // During an outage the consumer is attached by the reconnect instead of blocking here.
      if (current) await attach(c);
      else {
        log.warn({ queue }, 'consumer registered; it starts once RabbitMQ is back');
        void attach(c);
      }
      return async () => {
        if (!c.active) return;
        c.active = false;
        consumers.delete(c);
        const { channel, tag } = c;
        if (channel && tag) await channel.cancel(tag).catch(() => undefined);
        if (c.running > 0) await new Promise<void>((resolve) => c.onIdle.push(resolve));
        detach(c);
        if (channel) await channel.close().catch(() => undefined);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const [timer, resolve] of sleeps) {
        clearTimeout(timer);
        resolve();
      }
      sleeps.clear();
      for (const c of consumers) c.active = false;
      consumers.clear();
      const model = current;
      current = null;
      publisher = null;
      if (model) await model.close().catch(() => undefined);
    },
  };
}
