import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  amqpQueueDepth,
  amqpSendRaw,
  amqpTakeOne,
  deleteAmqpQueues,
  requireAmqp,
  testAmqpName,
} from '@ermine/testing/amqp';
import { randomId, skipUnlessReachable, startTcpProxy } from '@ermine/testing/services';
import { waitUntil } from './wait';
import { jobsCases, type JobsTestPolicy } from './jobs.case';
import { createMemoryJobs } from './drivers/memory';
import {
  ATTEMPT_HEADER,
  ERROR_HEADER,
  createRabbitJobs,
  rabbitQueueNames,
} from './drivers/rabbitmq';
import { retryPolicy } from './drivers/retry';
import type { Jobs } from './ports';

describe('jobs: memory', () => {
  jobsCases({
    open: async (policy) => createMemoryJobs(policy),
    queue: () => `q-${randomId()}`,
    durable: false,
  });
});

const amqpUrl = await requireAmqp();
const prefix = testAmqpName('jobs');

describe(
  'jobs: rabbitmq',
  { skip: skipUnlessReachable('RabbitMQ', amqpUrl, 'ERMINE_TEST_AMQP_URL') },
  () => {
    if (amqpUrl === null) return;
    const queues = new Set<string>();
    const policies = new Map<string, JobsTestPolicy>();
    const remember = (policy: JobsTestPolicy) => policies.set(JSON.stringify(policy), policy);
    after(async () => {
      const names = new Set<string>();
      for (const q of queues) {
        for (const policy of policies.values()) {
          const n = rabbitQueueNames(prefix, q, retryPolicy(policy));
          for (const name of [n.main, n.dead, ...n.retry]) names.add(name);
        }
      }
      await deleteAmqpQueues([...names], amqpUrl);
    });
    const newQueue = () => {
      const q = `q-${randomId()}`;
      queues.add(q);
      return q;
    };
    const open = (policy: JobsTestPolicy, url = amqpUrl): Promise<Jobs> => {
      remember(policy);
      return createRabbitJobs({ url, prefix, ...policy });
    };

    jobsCases({ open: (policy) => open(policy), queue: newQueue, durable: true });

    test('rabbitmq: messages are persistent JSON in a durable queue named prefix + queue', async () => {
      const q = newQueue();
      const jobs = await open({ maxAttempts: 3, retryDelayMs: 20 });
      try {
        await jobs.enqueue(q, { type: 'push', users: ['u1'] });
        assert.equal(await amqpQueueDepth(prefix + q, amqpUrl), 1);
        const raw = await amqpTakeOne(prefix + q, amqpUrl);
        assert.ok(raw);
        assert.equal(raw.body, '{"type":"push","users":["u1"]}');
        assert.equal(raw.persistent, true);
        assert.equal(raw.contentType, 'application/json');
      } finally {
        await jobs.close();
      }
    });

    test('rabbitmq: after maxAttempts the job lands in <queue>.dead with its attempts and error', async () => {
      const q = newQueue();
      const policy = { maxAttempts: 2, retryDelayMs: 20 };
      const jobs = await open(policy);
      try {
        let attempts = 0;
        await jobs.consume(q, async () => {
          attempts++;
          throw new Error(`no luck ${attempts}`);
        });
        await jobs.enqueue(q, { id: 'dead-on-arrival' });
        const { dead } = rabbitQueueNames(prefix, q, retryPolicy(policy));
        await waitUntil(
          async () => (await amqpQueueDepth(dead, amqpUrl)) === 1,
          'the dead-lettered job',
        );
        assert.equal(attempts, 2);
        const raw = await amqpTakeOne(dead, amqpUrl);
        assert.ok(raw);
        assert.deepEqual(JSON.parse(raw.body), { id: 'dead-on-arrival' });
        assert.equal(Number(raw.headers[ATTEMPT_HEADER]), 2);
        assert.equal(String(raw.headers[ERROR_HEADER]), 'no luck 2');
        assert.equal(await amqpQueueDepth(prefix + q, amqpUrl), 0);
      } finally {
        await jobs.close();
      }
    });

    test('rabbitmq: a message that is not JSON is dead-lettered without reaching the handler', async () => {
      const q = newQueue();
      const policy = { maxAttempts: 3, retryDelayMs: 20 };
      const jobs = await open(policy);
      try {
        const got: unknown[] = [];
        await jobs.consume(q, async (p) => {
          got.push(p);
        });
        await amqpSendRaw(prefix + q, 'not json {', amqpUrl);
        await jobs.enqueue(q, 'fine');
        await waitUntil(() => got.length === 1, 'the valid job');
        const { dead } = rabbitQueueNames(prefix, q, retryPolicy(policy));
        await waitUntil(
          async () => (await amqpQueueDepth(dead, amqpUrl)) === 1,
          'the bad message in .dead',
        );
        assert.deepEqual(got, ['fine']);
      } finally {
        await jobs.close();
      }
    });

    test('rabbitmq: reconnects after a lost connection; consumers resume, enqueue waits for the broker', async () => {
      const target = new URL(amqpUrl);
      const proxy = await startTcpProxy(target.hostname, Number(target.port || 5672));
      const viaProxy = new URL(amqpUrl);
      viaProxy.host = proxy.address;
      const q = newQueue();
      const jobs = await createRabbitJobs({
        url: viaProxy.toString(),
        prefix,
        maxAttempts: 3,
        retryDelayMs: 20,
        reconnectDelayMs: 50,
      });
      remember({ maxAttempts: 3, retryDelayMs: 20 });
      try {
        const got: unknown[] = [];
        await jobs.consume(q, async (p) => {
          got.push(p);
        });
        await jobs.enqueue(q, 'before');
        await waitUntil(() => got.length === 1, 'the job before the cut');
        const before = proxy.accepted();
        proxy.cut();
        // Enqueued while the connection is down: resolves once the broker confirmed it.
        await jobs.enqueue(q, 'during');
        assert.ok(proxy.accepted() > before, 'a new connection was opened');
        await jobs.enqueue(q, 'after');
        await waitUntil(
          () => got.includes('during') && got.includes('after'),
          'jobs after reconnecting',
          10_000,
        );
      } finally {
        await jobs.close();
        await proxy.close();
      }
    });

    test('rabbitmq: an unreachable broker is a clear error at creation', async () => {
      await assert.rejects(
        createRabbitJobs({ url: 'amqp://guest:guest@127.0.0.1:1', prefix }),
        /cannot connect to RabbitMQ/,
      );
    });
  },
);
