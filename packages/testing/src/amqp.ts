/** RabbitMQ for driver suites: ERMINE_TEST_AMQP_URL, with random queue names per suite. */
import { connect } from 'amqplib';
import { withTimeout } from '@ermine/infra/wait';
import { randomId, requireService } from './services';

/** Used when ERMINE_TEST_AMQP_URL is unset. */
export const DEFAULT_TEST_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** The AMQP URL tests use. */
export function testAmqpUrl(): string {
  return process.env.ERMINE_TEST_AMQP_URL || DEFAULT_TEST_AMQP_URL;
}

/**
 * A queue-name prefix nobody else uses: ERMINE_TEST_AMQP_PREFIX (one per CI run, default
 * 'ermine-test.') + `label` + a random part, ending in '.'.
 */
export function testAmqpName(label = 't'): string {
  return `${process.env.ERMINE_TEST_AMQP_PREFIX || 'ermine-test.'}${label}.${randomId()}.`;
}

/** Resolves when the broker at `url` accepts a connection and a channel. */
export async function probeAmqp(url = testAmqpUrl()): Promise<void> {
  const model = await withTimeout(connect(url, { timeout: 3000 }), 5000, `connecting to ${url}`);
  try {
    const ch = await model.createChannel();
    await ch.close();
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** The test AMQP URL if the broker answers; null (skip) or a throw under CI=true otherwise. */
export function requireAmqp(): Promise<string | null> {
  const url = testAmqpUrl();
  return requireService(`RabbitMQ at ${url.replace(/\/\/[^@/]*@/, '//')}`, async () => {
    await probeAmqp(url);
    return url;
  });
}

/** Messages waiting in `queue` (0 if it does not exist). */
export async function amqpQueueDepth(queue: string, url = testAmqpUrl()): Promise<number> {
  const model = await connect(url);
  try {
    const ch = await model.createChannel();
    ch.on('error', () => undefined);
    try {
      return (await ch.checkQueue(queue)).messageCount;
    } catch {
      return 0;
    }
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** Takes one message from `queue` (acked), or null when it is empty. */
export async function amqpTakeOne(
  queue: string,
  url = testAmqpUrl(),
): Promise<{
  body: string;
  headers: Record<string, unknown>;
  persistent: boolean;
  contentType: string;
} | null> {
  const model = await connect(url);
  try {
    const ch = await model.createChannel();
    const msg = await ch.get(queue, { noAck: true });
    if (msg === false) return null;
    return {
      body: msg.content.toString('utf8'),
      headers: msg.properties.headers ?? {},
      persistent: msg.properties.deliveryMode === 2,
      contentType: String(msg.properties.contentType ?? ''),
    };
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** Sends raw bytes to `queue` (declared durable), bypassing any driver. */
export async function amqpSendRaw(queue: string, body: string, url = testAmqpUrl()): Promise<void> {
  const model = await connect(url);
  try {
    const ch = await model.createConfirmChannel();
    await ch.assertQueue(queue, { durable: true });
    ch.sendToQueue(queue, Buffer.from(body, 'utf8'), { persistent: true });
    await ch.waitForConfirms();
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** Deletes the named queues (missing ones are fine). */
export async function deleteAmqpQueues(queues: string[], url = testAmqpUrl()): Promise<void> {
  if (queues.length === 0) return;
  const model = await connect(url);
  try {
    for (const queue of queues) {
      const ch = await model.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteQueue(queue).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
  } finally {
    await model.close().catch(() => undefined);
  }
}
