import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ParticipantPermission, Room } from '../livekit-protocol';
import { silentLogger } from '@ermine/infra';
import { waitUntil } from '@ermine/infra/wait';
import type { SfuEvent } from '../control';
import { fromWire, portSlices, toWire } from './protocol';
import { createWorkerPool } from './worker-pool';

const KEYS = { apiKey: 'APIpool', apiSecret: 'pool-secret-that-is-long-enough-for-hs256' };

function startPool(workers: number, firstPort: number, maxRooms: number) {
  return createWorkerPool({
    workers,
    log: silentLogger,
    keys: KEYS,
    network: {
      portRangeStart: firstPort,
      portRangeEnd: firstPort + 99,
      nodeIp: '127.0.0.1',
      turnServers: [],
    },
    limits: { maxParticipants: 5, maxRooms },
    nodeName: 'pool',
  });
}

describe('media worker protocol', () => {
  test('protobuf messages survive a structured clone inside events and arguments', () => {
    const event = {
      event: 'room_started',
      room: new Room({ name: 'r1', metadata: '{"a":1}', numParticipants: 2 }),
    };
    const back = fromWire(structuredClone(toWire(event))) as SfuEvent;
    assert.ok(back.room instanceof Room);
    assert.equal(back.room.name, 'r1');
    assert.equal(back.room.numParticipants, 2);
    const args = ['room', 'id', { permission: new ParticipantPermission({ canPublish: true }) }];
    const [, , update] = fromWire(structuredClone(toWire(args))) as [
      string,
      string,
      { permission: ParticipantPermission },
    ];
    assert.ok(update.permission instanceof ParticipantPermission);
    assert.equal(update.permission.canPublish, true);
  });

  test('the port range is split into disjoint slices of at least two ports', () => {
    assert.deepEqual(portSlices(50000, 50100, 1), [[50000, 50100]]);
    assert.deepEqual(portSlices(50000, 50100, 3), [
      [50000, 50032],
      [50033, 50065],
      [50066, 50100],
    ]);
    assert.throws(() => portSlices(50000, 50004, 3), /port_range_start.*widen the range/);
  });
});

describe('media worker pool', () => {
  test('rooms are spread over the workers, answered by their own, and limits hold across them', async () => {
    const pool = startPool(2, 46000, 3);
    try {
      await pool.control.createRoom({ name: 'a', metadata: 'first' });
      await pool.control.createRoom({ name: 'b' });
      await pool.control.createRoom({ name: 'c' });
      const names = (await pool.control.listRooms()).map((room) => room.name).sort();
      assert.deepEqual(names, ['a', 'b', 'c']);
      assert.equal((await pool.control.listRooms(['a']))[0]?.metadata, 'first');
      await assert.rejects(async () => pool.control.createRoom({ name: 'd' }), {
        name: 'RoomControlError',
        message: /at most 3 rooms/,
      });
      await assert.rejects(async () => pool.checkJoin('d', 'someone'), { name: 'JoinError' });
      await pool.checkJoin('a', 'someone');
      await assert.rejects(async () => pool.control.listParticipants('nowhere'), {
        name: 'RoomControlError',
      });
      assert.deepEqual(await pool.control.listParticipants('b'), []);
      await pool.control.deleteRoom('b');
      await pool.control.createRoom({ name: 'd' });
    } finally {
      await pool.close();
    }
  });

  test('no thread runs until the first room; calls that need none do not start them', async () => {
    const pool = startPool(2, 46200, 1);
    try {
      assert.equal(pool.threads().length, 0, 'no media worker at start');
      assert.deepEqual(await pool.control.listRooms(), []);
      await pool.checkJoin('a', 'someone');
      await assert.rejects(async () => pool.control.listParticipants('a'), {
        name: 'RoomControlError',
      });
      assert.equal(pool.threads().length, 0, 'still none after calls about no room');
      await pool.control.createRoom({ name: 'a' });
      assert.equal(pool.threads().length, 2, 'every worker starts with the first room');
      await assert.rejects(async () => pool.control.createRoom({ name: 'b' }), {
        message: /at most 1 rooms/,
      });
    } finally {
      await pool.close();
    }
  });

  test('a pool closed before its first room starts no thread', async () => {
    const pool = startPool(1, 46300, 5);
    await pool.close();
    await assert.rejects(async () => pool.control.createRoom({ name: 'late' }), {
      message: /shutting down/,
    });
    assert.equal(pool.threads().length, 0);
  });

  test('a worker that dies reports its rooms finished and is replaced', async () => {
    const pool = startPool(1, 46100, 5);
    const events: SfuEvent[] = [];
    pool.control.onEvent((event) => events.push(event));
    try {
      await pool.control.createRoom({ name: 'doomed' });
      const [thread] = pool.threads();
      await thread!.terminate();
      const finished = events.find((e) => e.event === 'room_finished' && e.room.name === 'doomed');
      assert.ok(finished, 'room_finished reported for the lost room');
      // Until the replacement runs, calls and joins are answered at once, not left hanging.
      assert.deepEqual(await pool.control.listRooms(), []);
      await assert.rejects(async () => pool.control.createRoom({ name: 'early' }), {
        message: /restarting/,
      });
      await waitUntil(() => pool.threads()[0] !== thread, 'a new worker thread', 10_000);
      assert.notEqual(pool.threads()[0], thread, 'a new worker started');
      await pool.control.createRoom({ name: 'reborn' });
      assert.deepEqual(
        (await pool.control.listRooms()).map((room) => room.name),
        ['reborn'],
      );
    } finally {
      await pool.close();
    }
  });
});
