import type { Socket, SocketType } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import {
  StunProtocol,
  type Address,
  type InterfaceAddresses,
  type RTCPeerConnection,
  type Transport,
} from 'werift';
import type { UdpPortAllocator } from './port-allocator';

/**
 * werift's ICE sockets replaced by sockets bound through our allocator (a werift 0.24 internal,
 * used only here). werift would probe its port range with a throwaway socket, close it and bind
 * the port again: a port bound by another program in between makes that bind fail on a socket
 * without an `error` listener, which is thrown and ends the process. Two gatherings at once in
 * one process probe the same port the same way. A socket of ours is bound once and handed over,
 * and a taken port just means the next one.
 *
 * How: werift's Connection passes every new host protocol to `ensureProtocol` before it calls the
 * protocol's `connectionMade` (which creates and binds the socket); we replace that
 * `connectionMade` on the instance. Install before gathering starts (setLocalDescription), once
 * the peer connection has its ICE transports (they are created by setRemoteDescription,
 * createDataChannel and addTransceiver, never during setLocalDescription).
 *
 * Returns a check for after the gathering: the bind error (PortRangeExhaustedError when the
 * range is used up) of a transport that got no candidate at all, else undefined. werift itself
 * only logs such an error and goes on with no candidate.
 */
export function bindIceSocketsThrough(
  pc: RTCPeerConnection,
  allocator: UdpPortAllocator,
): () => unknown {
  const states = pc.iceTransports.map((transport) => {
    const connection = transport.connection as unknown as ConnectionInternals;
    let state = hooked.get(connection);
    if (!state) {
      state = { errors: [] };
      hooked.set(connection, state);
      hook(connection, allocator, state);
    }
    return { transport, state };
  });
  return () => {
    for (const { transport, state } of states)
      if (state.errors.length > 0 && transport.connection.localCandidates.length === 0)
        return state.errors[0];
    return undefined;
  };
}

interface ConnectionInternals {
  ensureProtocol(protocol: unknown): void;
}

interface StunProtocolInternals {
  transport: unknown;
  connectionMade: (
    useIpv4: boolean,
    portRange?: [number, number],
    interfaceAddresses?: InterfaceAddresses,
  ) => Promise<void>;
  datagramReceived(data: Buffer, addr: Address): void;
}

interface HookState {
  errors: unknown[];
}

const hooked = new WeakMap<object, HookState>();

function hook(connection: ConnectionInternals, allocator: UdpPortAllocator, state: HookState) {
  if (typeof connection.ensureProtocol !== 'function')
    throw new Error('werift internals changed: ICE Connection.ensureProtocol is missing');
  const ensure = connection.ensureProtocol.bind(connection);
  connection.ensureProtocol = (protocol: unknown) => {
    ensure(protocol);
    if (!(protocol instanceof StunProtocol)) return;
    const stun = protocol as unknown as StunProtocolInternals;
    stun.connectionMade = async (useIpv4, _portRange, interfaceAddresses) => {
      const type: SocketType = useIpv4 ? 'udp4' : 'udp6';
      let socket: Socket;
      try {
        socket = await allocator.bind(type, interfaceAddresses?.[type]);
      } catch (error) {
        state.errors.push(error);
        throw error;
      }
      const transport = new BoundUdpTransport(socket, type);
      transport.onData = (data, addr) => stun.datagramReceived(data, addr);
      stun.transport = transport;
    };
  };
}

/**
 * What werift's StunProtocol (and our fast sender: `socket`, `closed`) use of a UDP transport,
 * over a socket that is already bound.
 */
class BoundUdpTransport implements Transport {
  readonly type = 'udp';
  closed = false;
  /** The last sender, where werift answers when no address is given. */
  rinfo: { address: string; port: number } | undefined;
  onData: (data: Buffer, addr: Address) => void = () => {};

  constructor(
    readonly socket: Socket,
    readonly socketType: SocketType,
  ) {
    socket.on('message', (data, info) => {
      // IPv6 link-local senders come with a zone (fe80::1%eth0), which candidates never carry.
      const address = info.family === 'IPv6' ? (info.address.split('%')[0] ?? '') : info.address;
      this.rinfo = { address, port: info.port };
      try {
        this.onData(data, [address, info.port]);
      } catch {
        // A bad datagram must not end the process (thrown from a socket event it would).
      }
    });
  }

  get address(): AddressInfo {
    return this.socket.address();
  }

  send = async (data: Buffer, addr?: Address): Promise<void> => {
    const host = addr?.[0] ?? this.rinfo?.address;
    const port = addr?.[1] ?? this.rinfo?.port;
    if (host === undefined || port === undefined) throw new Error('no address to send to');
    // An address (the usual case) needs no callback, so no event loop turn per packet.
    if (isIP(host)) {
      this.socket.send(data, port, host);
      return;
    }
    await new Promise<void>((resolve, reject) =>
      this.socket.send(data, port, host, (error) => (error ? reject(error) : resolve())),
    );
  };

  close = (): Promise<void> =>
    new Promise((resolve) => {
      this.closed = true;
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // already closed
      }
    });
}
