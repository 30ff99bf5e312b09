import {
  LeaveRequest,
  LeaveRequest_Action,
  SignalResponse,
  type DisconnectReason,
} from '../livekit-protocol';
import type { SignalSocket } from './signal-socket';

/** Query parameters of `/rtc` that matter to the session. */
export interface SessionQuery {
  reconnect: boolean;
  autoSubscribe: boolean;
  clientProtocol: number;
}

/** Reads the session-relevant query parameters of a signalling URL. */
export function sessionQuery(params: URLSearchParams): SessionQuery {
  const flag = (name: string, fallback: boolean) => {
    const value = params.get(name);
    if (value === null || value === '') return fallback;
    return value === '1' || value === 'true';
  };
  return {
    reconnect: flag('reconnect', false),
    autoSubscribe: flag('auto_subscribe', true),
    clientProtocol: Number(params.get('protocol') ?? 0) || 0,
  };
}

/** Answers a join refused before any session was started: a final leave, then close. */
export function refuseJoin(socket: SignalSocket, reason: DisconnectReason): void {
  const leave = new LeaveRequest({
    reason,
    action: LeaveRequest_Action.DISCONNECT,
    canReconnect: false,
  });
  socket.send(new SignalResponse({ message: { case: 'leave', value: leave } }).toBinary());
  socket.close(1000);
}
