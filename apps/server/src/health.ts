import type { ServiceName } from '@ermine/config';
import type { ServiceHealth, ServiceModule } from '@ermine/http';
import { withTimeout } from '@ermine/infra/wait';
import { NOT_BUILT } from './placeholder';

/** Where the process is in its life. */
export type Phase = 'starting' | 'ready' | 'stopping';

/**
 * The process's state: `ok` (every service serves or is off by config), `degraded` (some
 * services are not in this version yet; the rest serve), `failing` (a service that exists does
 * not serve), `starting` or `stopping`.
 */
export type ProcessStatus = 'ok' | 'degraded' | 'failing' | 'starting' | 'stopping';

/** The body of `GET /health` of the single process. */
export interface HealthReport {
  status: ProcessStatus;
  services: Partial<Record<ServiceName, ServiceHealth>>;
}

/** How long a service may take to say how it is before it counts as unavailable. */
const HEALTH_TIMEOUT_MS = 3000;

/** A service's state; one not built yet (still starting), or too slow to answer, is unavailable. */
async function serviceHealth(
  phase: Phase,
  service: ServiceModule | undefined,
): Promise<ServiceHealth> {
  if (!service) {
    return { status: 'unavailable', reason: phase === 'stopping' ? 'stopped' : 'starting' };
  }
  if (!service.health) return { status: 'ok' };
  try {
    return await withTimeout(Promise.resolve(service.health()), HEALTH_TIMEOUT_MS, 'health check');
  } catch (err) {
    return { status: 'unavailable', reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Sums up the services: what `/health` reports about the whole process. */
export async function healthReport(
  phase: Phase,
  names: readonly ServiceName[],
  services: ReadonlyMap<ServiceName, ServiceModule>,
): Promise<HealthReport> {
  const report: HealthReport['services'] = {};
  const states = await Promise.all(names.map((name) => serviceHealth(phase, services.get(name))));
  names.forEach((name, i) => (report[name] = states[i]));
  const down = states.filter((s) => s.status === 'unavailable');
  let status: ProcessStatus;
  if (phase !== 'ready') status = phase;
  else if (down.some((s) => s.reason !== NOT_BUILT)) status = 'failing';
  else status = down.length > 0 ? 'degraded' : 'ok';
  return { status, services: report };
}

/**
 * `GET /health`: 200 while the process serves everything it has (`ok` or `degraded`), 503 while
 * it starts or stops or when a service it has is down, so that a load balancer stops sending.
 */
export async function processHealth(
  phase: Phase,
  names: readonly ServiceName[],
  services: ReadonlyMap<ServiceName, ServiceModule>,
): Promise<Response> {
  const report = await healthReport(phase, names, services);
  const serving = report.status === 'ok' || report.status === 'degraded';
  return Response.json(report, {
    status: serving ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
