import { createSocket, type Socket, type SocketType } from 'node:dgram';

/** No port of the range could be bound: all are used by this SFU or taken by other programs. */
export class PortRangeExhaustedError extends Error {
  constructor(
    readonly first: number,
    readonly last: number,
    readonly ours: number,
  ) {
    const others = last - first + 1 - ours;
    super(
      `no free UDP port for media in ${first}-${last} (${ours} used by this SFU's connections, ` +
        `${others} taken by other programs): widen [sfu] port_range_start/port_range_end ` +
        `(up to two ports per participant) or stop what binds ports of that range`,
    );
    this.name = 'PortRangeExhaustedError';
  }
}

/**
 * Binds the SFU's media UDP sockets on ports of one range (the node's, or a worker's slice of it).
 * A port is only ever handed out as a bound socket, so a port that another program binds at any
 * moment costs one failed bind and the next port is tried; there is no probe-then-bind window.
 * Ports are taken round-robin, so a port released by one connection is not the next one reused.
 */
export class UdpPortAllocator {
  private readonly used = new Set<number>();
  private cursor = 0;

  /** `range`: first and last port (inclusive); undefined binds any port the system picks. */
  constructor(private readonly range: readonly [number, number] | undefined) {
    if (range && !(range[0] > 0 && range[0] <= range[1] && range[1] <= 65535))
      throw new Error(`invalid UDP port range ${range[0]}-${range[1]}`);
  }

  /** Ports of the range currently bound through this allocator. */
  get inUse(): number {
    return this.used.size;
  }

  /**
   * A socket bound on a free port of the range (on `address`, or all addresses). It already has
   * an `error` listener: an error after the bind (a failed receive, a send to a name that does
   * not resolve) costs one datagram, which UDP may lose anyway; unheard, it would be thrown and
   * end the process.
   * Throws PortRangeExhaustedError when no port of the range can be bound.
   */
  async bind(type: SocketType, address?: string): Promise<Socket> {
    if (!this.range) {
      const socket = await bindOnce(type, 0, address);
      if (!socket.ok) throw socket.error;
      return socket.socket;
    }
    const [first, last] = this.range;
    const size = last - first + 1;
    for (let tried = 0; tried < size; tried++) {
      const port = this.nextFree();
      if (port === undefined) break;
      // Held while binding, so that a concurrent bind of this allocator tries another port.
      this.used.add(port);
      const result = await bindOnce(type, port, address);
      if (result.ok) {
        result.socket.once('close', () => this.used.delete(port));
        return result.socket;
      }
      this.used.delete(port);
      if (!PORT_UNAVAILABLE.has(result.error.code ?? '')) throw result.error;
    }
    throw new PortRangeExhaustedError(first, last, this.used.size);
  }

  private nextFree(): number | undefined {
    const [first, last] = this.range!;
    const size = last - first + 1;
    for (let step = 0; step < size; step++) {
      const port = first + ((this.cursor + step) % size);
      if (this.used.has(port)) continue;
      this.cursor = (port - first + 1) % size;
      return port;
    }
    return undefined;
  }
}

// The port is bound by someone else (or reserved by the system): another one may do.
const PORT_UNAVAILABLE = new Set(['EADDRINUSE', 'EACCES']);

type BindResult = { ok: true; socket: Socket } | { ok: false; error: NodeJS.ErrnoException };

function bindOnce(
  type: SocketType,
  port: number,
  address: string | undefined,
): Promise<BindResult> {
  const socket = createSocket(type);
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => {
      socket.off('listening', onListening);
      socket.on('error', ignore);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve({ ok: false, error });
    };
    const onListening = () => {
      socket.off('error', onError);
      socket.on('error', ignore);
      resolve({ ok: true, socket });
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    socket.bind({ port, address });
  });
}

function ignore(): void {}
