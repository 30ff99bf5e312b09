import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, test } from 'node:test';
import { PortRangeExhaustedError, UdpPortAllocator } from './port-allocator';

// Below Linux's ephemeral ports, so nothing else in the process lands there by chance.
const FIRST = 23500;
const LOCAL = '127.0.0.1';

describe('UdpPortAllocator', () => {
  const open: Socket[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map(closeQuietly));
  });
  const keep = (socket: Socket) => {
    open.push(socket);
    return socket;
  };
  const port = (socket: Socket) => socket.address().port;

  test('binds the ports of its range, skipping those another program holds', async () => {
    keep(await occupy(FIRST + 1));
    const ports = new UdpPortAllocator([FIRST, FIRST + 3]);
    const bound = [];
    for (let i = 0; i < 3; i++) bound.push(keep(await ports.bind('udp4', LOCAL)));
    assert.deepEqual(bound.map(port), [FIRST, FIRST + 2, FIRST + 3]);
    assert.equal(bound[0]!.address().address, LOCAL);
    assert.equal(ports.inUse, 3);
  });

  test('binds at once get different ports', async () => {
    const ports = new UdpPortAllocator([FIRST, FIRST + 5]);
    const bound = await Promise.all(Array.from({ length: 6 }, () => ports.bind('udp4', LOCAL)));
    bound.forEach(keep);
    assert.deepEqual(
      bound.map(port).sort(),
      [0, 1, 2, 3, 4, 5].map((i) => FIRST + i),
    );
  });

  test('a used-up range fails with the setting to change; a freed port is bound again', async () => {
    keep(await occupy(FIRST));
    const ports = new UdpPortAllocator([FIRST, FIRST + 2]);
    const first = await ports.bind('udp4', LOCAL);
    keep(await ports.bind('udp4', LOCAL));
    const error = await ports.bind('udp4', LOCAL).then(
      () => assert.fail('bound beyond the range'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof PortRangeExhaustedError);
    assert.match(error.message, new RegExp(`${FIRST}-${FIRST + 2}`));
    assert.match(error.message, /2 used by this SFU's connections, 1 taken by other programs/);
    assert.match(error.message, /\[sfu\] port_range_start\/port_range_end/);
    const freed = port(first);
    await closeQuietly(first);
    assert.equal(port(keep(await ports.bind('udp4', LOCAL))), freed);
  });

  test('ports are handed out round-robin, not the one just released', async () => {
    const ports = new UdpPortAllocator([FIRST, FIRST + 3]);
    const a = await ports.bind('udp4', LOCAL);
    await closeQuietly(a);
    assert.equal(port(keep(await ports.bind('udp4', LOCAL))), FIRST + 1);
  });

  test('allocators of two slices stay in their slice; overlapping ones just skip', async () => {
    const low = new UdpPortAllocator([FIRST, FIRST + 1]);
    const high = new UdpPortAllocator([FIRST + 2, FIRST + 3]);
    const both = new UdpPortAllocator([FIRST, FIRST + 4]);
    const bound = await Promise.all([
      low.bind('udp4', LOCAL),
      high.bind('udp4', LOCAL),
      low.bind('udp4', LOCAL),
      high.bind('udp4', LOCAL),
    ]);
    bound.forEach(keep);
    assert.deepEqual(bound.map(port).sort(), [FIRST, FIRST + 1, FIRST + 2, FIRST + 3]);
    assert.equal(port(keep(await both.bind('udp4', LOCAL))), FIRST + 4);
    await assert.rejects(both.bind('udp4', LOCAL), PortRangeExhaustedError);
  });

  test('a bound socket survives a socket error (a failed send)', async () => {
    const socket = keep(await new UdpPortAllocator([FIRST, FIRST]).bind('udp4', LOCAL));
    assert.doesNotThrow(() => socket.emit('error', new Error('EPERM')));
  });

  test('without a range any port is bound; an unusable address is not retried', async () => {
    const any = keep(await new UdpPortAllocator(undefined).bind('udp4', LOCAL));
    assert.ok(port(any) > 0);
    // 192.0.2.1 (TEST-NET-1) is no address of this machine: binding it can never work.
    await assert.rejects(new UdpPortAllocator([FIRST, FIRST + 5]).bind('udp4', '192.0.2.1'), {
      code: 'EADDRNOTAVAIL',
    });
    assert.throws(() => new UdpPortAllocator([FIRST + 1, FIRST]), /invalid UDP port range/);
  });
});

function occupy(port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port, address: '0.0.0.0' }, () => resolve(socket));
  });
}

function closeQuietly(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
