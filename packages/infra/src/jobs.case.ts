import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import type { Jobs } from './ports';
import { waitUntil } from './wait';

/** Retry settings the contract opens drivers with (short, so retries are observable). */
export interface JobsTestPolicy {
  maxAttempts: number;
  retryDelayMs: number;
}

/** How the jobs contract gets job queues of one driver. */
export interface JobsDriver {
  /** Opens jobs on the driver's shared broker (every instance sees the same queues). */
  open(policy: JobsTestPolicy): Promise<Jobs>;
  /** A queue name no other test uses. */
  queue(): string;
  /**
   * True when queues outlive an instance (RabbitMQ): jobs enqueued by one instance are consumed
   * by another, and jobs unacked when an instance closes are redelivered.
   */
  durable: boolean;
}

const FAST: JobsTestPolicy = { maxAttempts: 5, retryDelayMs: 20 };

/** A promise with its resolver, for handlers that must hang until the test lets them go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Registers the contract every `jobs` driver must pass. */
export function jobsCases(driver: JobsDriver): void {
  const withJobs = async (fn: (jobs: Jobs) => Promise<void>, policy = FAST) => {
    const jobs = await driver.open(policy);
    try {
      await fn(jobs);
    } finally {
      await jobs.close();
    }
  };

  test('a job enqueued before any consumer waits for one, payload intact', () =>
    withJobs(async (jobs) => {
      const q = driver.queue();
      const payloads = [
        { user: 'u1', n: [1, 2], nested: { ok: true } },
        'text',
        7,
        null,
        undefined,
      ];
      for (const p of payloads) await jobs.enqueue(q, p);
      await delay(50);
      const got: unknown[] = [];
      await jobs.consume(q, async (payload) => {
        got.push(payload);
      });
      await waitUntil(() => got.length === 5, 'the queued jobs');
      assert.deepEqual(got, [
        { user: 'u1', n: [1, 2], nested: { ok: true } },
        'text',
        7,
        null,
        null,
      ]);
    }));

  test('with concurrency 1 jobs run one at a time, in order, each once', () =>
    withJobs(async (jobs) => {
      const q = driver.queue();
      const got: number[] = [];
      let running = 0;
      let maxRunning = 0;
      await jobs.consume(q, async (payload) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await delay(2);
        got.push(payload as number);
        running--;
      });
      for (let i = 0; i < 30; i++) await jobs.enqueue(q, i);
      await waitUntil(() => got.length === 30, '30 jobs');
      await delay(200);
      assert.deepEqual(
        got,
        Array.from({ length: 30 }, (_, i) => i),
      );
      assert.equal(maxRunning, 1);
    }));

  test('concurrency N runs up to N handlers at once, never more', () =>
    withJobs(async (jobs) => {
      const q = driver.queue();
      let running = 0;
      let maxRunning = 0;
      let done = 0;
      await jobs.consume(
        q,
        async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await delay(80);
          running--;
          done++;
        },
        { concurrency: 3 },
      );
      await Promise.all(Array.from({ length: 9 }, (_, i) => jobs.enqueue(q, i)));
      await waitUntil(() => done === 9, 'nine jobs');
      assert.equal(maxRunning, 3);
    }));

  test('competing consumers share a queue: every job is handled exactly once', () =>
    withJobs(async (jobs) => {
      const q = driver.queue();
      const first: number[] = [];
      const second: number[] = [];
      const handler = (into: number[]) => async (payload: unknown) => {
        await delay(5);
        into.push(payload as number);
      };
      await jobs.consume(q, handler(first));
      await jobs.consume(q, handler(second));
      await Promise.all(Array.from({ length: 40 }, (_, i) => jobs.enqueue(q, i)));
      await waitUntil(() => first.length + second.length === 40, '40 jobs');
      await delay(200);
      const all = [...first, ...second].sort((a, b) => a - b);
      assert.deepEqual(
        all,
        Array.from({ length: 40 }, (_, i) => i),
      );
      assert.ok(first.length > 0 && second.length > 0, `split ${first.length}/${second.length}`);
    }));

  test('queues are separate', () =>
    withJobs(async (jobs) => {
      const a = driver.queue();
      const b = driver.queue();
      const onA: unknown[] = [];
      const onB: unknown[] = [];
      await jobs.consume(a, async (p) => {
        onA.push(p);
      });
      await jobs.consume(b, async (p) => {
        onB.push(p);
      });
      await jobs.enqueue(a, 'for a');
      await jobs.enqueue(b, 'for b');
      await waitUntil(() => onA.length === 1 && onB.length === 1, 'one job each');
      await delay(100);
      assert.deepEqual(onA, ['for a']);
      assert.deepEqual(onB, ['for b']);
    }));

  test('a rejected handler gets the job again, until it succeeds', () =>
    withJobs(async (jobs) => {
      const q = driver.queue();
      const attempts: unknown[] = [];
      await jobs.consume(q, async (payload) => {
        attempts.push(payload);
        if (attempts.length < 3)
          throw new Error(`attempt ${attempts.length} fails (expected by the test)`);
      });
      await jobs.enqueue(q, { id: 'flaky' });
      await waitUntil(() => attempts.length === 3, 'three attempts');
      await delay(300);
      assert.deepEqual(attempts, [{ id: 'flaky' }, { id: 'flaky' }, { id: 'flaky' }]);
    }));

  test('a job that always fails stops after maxAttempts', () =>
    withJobs(
      async (jobs) => {
        const q = driver.queue();
        let attempts = 0;
        await jobs.consume(q, async () => {
          attempts++;
          throw new Error('always fails (expected by the test)');
        });
        await jobs.enqueue(q, 'doomed');
        await waitUntil(() => attempts === 3, 'three attempts');
        await delay(400);
        assert.equal(attempts, 3);
      },
      { maxAttempts: 3, retryDelayMs: 20 },
    ));

  test('retries back off exponentially', () =>
    withJobs(
      async (jobs) => {
        const q = driver.queue();
        const at: number[] = [];
        await jobs.consume(q, async () => {
          at.push(Date.now());
          throw new Error('fails (expected by the test)');
        });
        await jobs.enqueue(q, 'x');
        await waitUntil(() => at.length === 3, 'three attempts');
        const [a = 0, b = 0, c = 0] = at;
        assert.ok(b - a >= 140, `first retry after ${b - a} ms, expected >= 150`);
        assert.ok(c - b >= 280, `second retry after ${c - b} ms, expected >= 300`);
      },
      { maxAttempts: 3, retryDelayMs: 150 },
    ));

  test('a failing job does not hold up the jobs behind it', () =>
    withJobs(
      async (jobs) => {
        const q = driver.queue();
        const seen: string[] = [];
        await jobs.consume(q, async (payload) => {
          seen.push(payload as string);
          if (payload === 'bad') throw new Error('bad job (expected by the test)');
        });
        await jobs.enqueue(q, 'bad');
        await jobs.enqueue(q, 'good');
        await waitUntil(() => seen.includes('good'), 'the good job');
        assert.deepEqual(seen.slice(0, 2), ['bad', 'good']);
      },
      { maxAttempts: 2, retryDelayMs: 1000 },
    ));

  test('unsubscribe waits for the running handler, then nothing more is delivered to it', () =>
    withJobs(async (jobs) => {
      const q = driver.queue();
      const release = gate();
      let started = 0;
      let finished = 0;
      const unsubscribe = await jobs.consume(q, async () => {
        started++;
        await release.promise;
        finished++;
      });
      await jobs.enqueue(q, 1);
      await waitUntil(() => started === 1, 'the handler to start');
      let unsubscribed = false;
      const stopping = unsubscribe().then(() => {
        unsubscribed = true;
      });
      await delay(100);
      assert.equal(unsubscribed, false, 'unsubscribe resolved while its handler was running');
      release.open();
      await stopping;
      assert.equal(finished, 1);
      await jobs.enqueue(q, 2);
      await delay(200);
      assert.equal(started, 1);
      const later: unknown[] = [];
      await jobs.consume(q, async (p) => {
        later.push(p);
      });
      await waitUntil(() => later.length === 1, 'the job for the new consumer');
      assert.deepEqual(later, [2]);
    }));

  test('enqueue after close rejects', async () => {
    const jobs = await driver.open(FAST);
    await jobs.close();
    await assert.rejects(jobs.enqueue(driver.queue(), 1));
  });

  if (!driver.durable) return;

  test('a job enqueued by one instance is consumed by a new one (durable across connections)', async () => {
    const q = driver.queue();
    const producer = await driver.open(FAST);
    await producer.enqueue(q, { durable: true });
    await producer.close();
    await withJobs(async (consumer) => {
      const got: unknown[] = [];
      await consumer.consume(q, async (p) => {
        got.push(p);
      });
      await waitUntil(() => got.length === 1, 'the job in the new instance');
      assert.deepEqual(got, [{ durable: true }]);
    });
  });

  test('a job unacked when its consumer closes is redelivered to another consumer', async () => {
    const q = driver.queue();
    const dying = await driver.open(FAST);
    const hang = gate();
    let startedOnDying = 0;
    await dying.consume(q, async () => {
      startedOnDying++;
      await hang.promise;
    });
    await dying.enqueue(q, { job: 'survives' });
    await waitUntil(() => startedOnDying === 1, 'the first consumer to take the job');
    await dying.close();
    try {
      await withJobs(async (survivor) => {
        const got: unknown[] = [];
        await survivor.consume(q, async (p) => {
          got.push(p);
        });
        await waitUntil(() => got.length === 1, 'the redelivered job');
        assert.deepEqual(got, [{ job: 'survives' }]);
      });
    } finally {
      hang.open();
    }
  });
}
