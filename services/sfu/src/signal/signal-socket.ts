import type { RawData } from 'ws';

/**
 * What a signalling session needs of its WebSocket: a `ws` WebSocket in the thread that accepted
 * it, or a relay of one when the session runs in a media worker thread.
 */
export interface SignalSocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly CONNECTING: number;
  send(data: string | Uint8Array): void;
  close(code?: number): void;
  terminate(): void;
  ping(): void;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): this;
  on(event: 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'pong', listener: () => void): this;
}
