import { networkInterfaces } from 'node:os';
import {
  RTCRtpCodecParameters,
  useAudioLevelIndication,
  useNACK,
  usePLI,
  useRepairedRtpStreamId,
  useSdesMid,
  useSdesRTPStreamId,
  useTransportWideCC,
  type RtcpPacket,
  type RTCPeerConnection,
  type RTCPeerConnectionConfig,
} from 'werift';
import { bindIceSocketsThrough } from './ice-sockets';
import { UdpPortAllocator } from './port-allocator';
import type { CandidateRule } from './sdp';

/** The media network settings of the node. */
export interface NetworkOptions {
  /** First and last UDP port for media (inclusive; a worker gets its own slice). */
  portRangeStart: number;
  portRangeEnd: number;
  /** The address announced to clients; a loopback address keeps all media on it. Empty: as gathered. */
  nodeIp: string;
  /** STUN/TURN servers handed to clients (never used by the SFU itself). */
  turnServers: { urls: string[] | string; username?: string; credential?: string }[];
}

/** Whether a peer connection publishes media to the SFU or receives it from the SFU. */
export type PeerRole = 'publisher' | 'subscriber';

/** The media codecs the SFU accepts from publishers and offers to subscribers. */
export const PUBLISH_MIME_TYPES = ['audio/opus', 'video/VP8', 'video/H264'] as const;

/** Builds werift peer configurations and the candidate rewrite rule from the network options. */
export interface PeerSetup {
  config(role: PeerRole): RTCPeerConnectionConfig;
  candidateRule: CandidateRule;
  /**
   * Runs the first setLocalDescription of `pc` (`work`) with its ICE sockets bound on ports of
   * the range (see ice-sockets.ts); fails with the bind error (PortRangeExhaustedError when the
   * range is used up) if that left the connection without a candidate.
   */
  gather<T>(pc: RTCPeerConnection, work: () => Promise<T>): Promise<T>;
}

/** Creates the peer setup for a node. */
export function createPeerSetup(network: NetworkOptions): PeerSetup {
  const ip = network.nodeIp.trim();
  const loopback = ip !== '' && isLoopback(ip);
  const local = ip !== '' && (loopback || localAddresses().includes(ip));
  const candidateRule: CandidateRule =
    ip === ''
      ? { kind: 'none' }
      : local
        ? { kind: 'keepOnly', address: ip }
        : { kind: 'announce', address: ip };
  const range: [number, number] | undefined =
    network.portRangeStart > 0 && network.portRangeEnd >= network.portRangeStart
      ? [network.portRangeStart, network.portRangeEnd]
      : undefined;
  // One per setup, so each worker's slice of the range has its own.
  const ports = new UdpPortAllocator(range);

  const config = (role: PeerRole): RTCPeerConnectionConfig => ({
    iceServers: [],
    iceUseIpv6: false,
    iceUseIpv4: true,
    // werift binds nothing itself once `gather` replaced its sockets; anything it still did
    // would stay in the range.
    icePortRange: range,
    iceInterfaceAddresses: local ? { udp4: ip } : undefined,
    iceAdditionalHostAddresses: loopback ? [ip] : undefined,
    bundlePolicy: 'max-bundle',
    codecs: role === 'publisher' ? publisherCodecs() : subscriberCodecs(),
    headerExtensions: role === 'publisher' ? publisherExtensions() : subscriberExtensions(),
  });

  return {
    config,
    candidateRule,
    async gather<T>(pc: RTCPeerConnection, work: () => Promise<T>): Promise<T> {
      const failure = bindIceSocketsThrough(pc, ports);
      const result = await work();
      const error = failure();
      if (error) throw error;
      return result;
    },
  };
}

const GATHER_TIMEOUT_MS = 5000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Closes a werift peer connection, also when it is still gathering: a socket bound after
 * close() would otherwise stay open for good.
 */
export async function closePeer(
  pc: RTCPeerConnection,
  gathering: Promise<unknown> | undefined,
): Promise<void> {
  await pc.close().catch(() => undefined);
  if (!gathering) return;
  await Promise.race([gathering.catch(() => undefined), delay(GATHER_TIMEOUT_MS)]);
  for (const transport of pc.iceTransports)
    await transport.connection.close().catch(() => undefined);
}

/**
 * Sends RTCP the SFU wrote itself (a compound packet) through the connection's SRTCP; dropped
 * when the transport is not up.
 */
export function sendRtcpBuffer(pc: RTCPeerConnection, buf: Buffer): void {
  const dtls = pc.dtlsTransports[0];
  if (!dtls) return;
  // werift serialises what it is given; a buffer stands in for its packet objects.
  const packet = { serialize: () => buf } as unknown as RtcpPacket;
  dtls.sendRtcp([packet]).catch(() => undefined);
}

// Publishers: only what we can forward untouched. No RTX/RED/FEC: Chrome then retransmits on the
// media SSRC, which needs no unwrapping and works with rid-based simulcast.
function publisherCodecs(): RTCPeerConnectionConfig['codecs'] {
  const feedback = [
    useNACK(),
    usePLI(),
    { type: 'ccm', parameter: 'fir' },
    { type: 'transport-cc' },
  ];
  return {
    audio: [
      new RTCRtpCodecParameters({
        mimeType: 'audio/opus',
        clockRate: 48000,
        channels: 2,
        rtcpFeedback: [{ type: 'transport-cc' }],
      }),
    ],
    video: [
      new RTCRtpCodecParameters({
        mimeType: 'video/VP8',
        clockRate: 90000,
        rtcpFeedback: feedback,
      }),
      new RTCRtpCodecParameters({
        mimeType: 'video/H264',
        clockRate: 90000,
        rtcpFeedback: feedback,
        parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      }),
    ],
  };
}

// Subscribers: each transceiver gets the publisher's exact codec (see subscriberCodecFor); these
// entries only make werift accept the answer.
function subscriberCodecs(): RTCPeerConnectionConfig['codecs'] {
  return {
    audio: [
      new RTCRtpCodecParameters({
        mimeType: 'audio/opus',
        clockRate: 48000,
        channels: 2,
        payloadType: 111,
      }),
    ],
    video: [
      new RTCRtpCodecParameters({
        mimeType: 'video/VP8',
        clockRate: 90000,
        payloadType: 96,
        rtcpFeedback: [useNACK(), usePLI()],
      }),
      new RTCRtpCodecParameters({
        mimeType: 'video/H264',
        clockRate: 90000,
        payloadType: 102,
        rtcpFeedback: [useNACK(), usePLI()],
      }),
    ],
  };
}

function publisherExtensions(): RTCPeerConnectionConfig['headerExtensions'] {
  return {
    audio: [useSdesMid(), useAudioLevelIndication(), useTransportWideCC()],
    video: [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId(), useTransportWideCC()],
  };
}

function subscriberExtensions(): RTCPeerConnectionConfig['headerExtensions'] {
  return { audio: [useSdesMid()], video: [useSdesMid()] };
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((info) => info.address);
}
