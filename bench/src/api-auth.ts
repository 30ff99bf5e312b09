// Benchmark: login and GET /users/@me requests per second on the single process.
//   node --import tsx bench/src/api-auth.ts [--seconds 10] [--connections 32]
// Ermine runs as a child process (its own core); this process generates the load.
// Rate limits are switched off for the run (ermine.rate_limits = false), so the figures show
// what the server can do, not what a single client is allowed to do.
import { startErmineProcess } from '@ermine/testing/ermine-process';
import { printResult, runLoad } from './load';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('seconds', 10);
const connections = arg('connections', 32);

const ermine = await startErmineProcess({
  env: { REVOLT__ERMINE__RATE_LIMITS: 'false' },
});
try {
  const api = `${ermine.url}/api`;
  const email = `bench.${Date.now()}@example.com`;
  const password = 'benchmark password 1234';
  const post = (path: string, body: unknown, token?: string) =>
    fetch(api + path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: token ? { 'x-session-token': token } : {},
    });
  await post('/auth/account/create', { email, password });
  const session = (await (await post('/auth/session/login', { email, password })).json()) as {
    token: string;
  };
  await post('/onboard/complete', { username: 'bench' }, session.token);

  console.log(
    `Ermine single process at ${ermine.url}; ${connections} connections, ${seconds} s each`,
  );
  const me = await runLoad({
    baseUrl: api,
    connections,
    seconds,
    next: () => ({
      method: 'GET',
      path: '/users/@me',
      headers: { 'x-session-token': session.token },
    }),
  });
  printResult('GET /users/@me', me);
  const body = JSON.stringify({ email, password });
  const login = await runLoad({
    baseUrl: api,
    connections: Math.min(connections, 8),
    seconds,
    next: () => ({ method: 'POST', path: '/auth/session/login', body }),
  });
  printResult('POST /auth/session/login', login);
} finally {
  await ermine.stop();
}
