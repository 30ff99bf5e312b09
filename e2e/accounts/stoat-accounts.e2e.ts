// The real stoat.js client against `ermine start` on a random port: register, log in, onboard,
// fetch self, change display name, and a friend request between two users.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'stoat.js';
import { startErmineProcess, type ErmineProcess } from '@ermine/testing/ermine-process';

interface LoginSuccess {
  result: 'Success';
  _id: string;
  user_id: string;
  token: string;
  name: string;
}
interface WireUser {
  _id: string;
  username: string;
  discriminator: string;
  display_name?: string;
  relationship: string;
  relations?: { _id: string; status: string }[];
}

let ermine: ErmineProcess;

before(async () => {
  ermine = await startErmineProcess();
});

after(async () => {
  const code = await ermine.stop('SIGTERM');
  assert.equal(code, 0, `ermine should exit cleanly on SIGTERM:\n${ermine.output()}`);
});

/** Registers, logs in and onboards one user through stoat.js. */
async function signUp(
  name: string,
): Promise<{ client: Client; session: LoginSuccess; user: WireUser }> {
  const client = new Client({ baseURL: `${ermine.url}/api`, autoReconnect: false });
  const email = `${name}.${Date.now()}@example.com`;
  const password = `correct horse ${name} battery`;
  await client.api.post('/auth/account/create', { email, password });
  const session = (await client.api.post('/auth/session/login', {
    email,
    password,
    friendly_name: 'ermine e2e',
  })) as unknown as LoginSuccess;
  assert.equal(session.result, 'Success');
  assert.equal(typeof session.token, 'string');
  client.useExistingSession(session);
  const hello = (await client.api.get('/onboard/hello')) as { onboarding: boolean };
  assert.deepEqual(hello, { onboarding: true });
  const user = (await client.api.post('/onboard/complete', {
    username: name,
  })) as unknown as WireUser;
  assert.equal(user.username, name);
  assert.equal(user._id, session.user_id);
  assert.match(user.discriminator, /^\d{4}$/);
  return { client, session, user };
}

describe('stoat.js against ermine start', () => {
  test('GET /api/ returns the root configuration pointing at this instance', async () => {
    const res = await fetch(`${ermine.url}/api/`);
    assert.equal(res.status, 200);
    const root = (await res.json()) as {
      revolt: string;
      ws: string;
      app: string;
      features: {
        autumn: { url: string };
        january: { url: string };
        livekit: { enabled: boolean };
      };
    };
    const port = new URL(ermine.url).port;
    assert.equal(typeof root.revolt, 'string');
    assert.equal(root.ws, `ws://localhost:${port}/ws`);
    assert.equal(root.app, `http://localhost:${port}`);
    assert.equal(root.features.autumn.url, `http://localhost:${port}/autumn`);
    assert.equal(root.features.january.url, `http://localhost:${port}/january`);
  });

  test('/ serves the web client page', async () => {
    const res = await fetch(`${ermine.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /<title>Ermine<\/title>/);
  });

  test('register, log in, onboard, fetch self, change display name, befriend', async () => {
    const alice = await signUp('alice');
    const bob = await signUp('bob');

    const self = (await alice.client.api.get('/users/@me')) as unknown as WireUser;
    assert.equal(self._id, alice.user._id);
    assert.equal(self.relationship, 'User');

    const edited = (await alice.client.api.patch('/users/@me', {
      display_name: 'Alice Liddell',
    })) as unknown as WireUser;
    assert.equal(edited.display_name, 'Alice Liddell');
    const again = (await alice.client.api.get('/users/@me')) as unknown as WireUser;
    assert.equal(again.display_name, 'Alice Liddell');

    const outgoing = (await alice.client.api.post('/users/friend', {
      username: `${bob.user.username}#${bob.user.discriminator}`,
    })) as unknown as WireUser;
    assert.equal(outgoing._id, bob.user._id);
    assert.equal(outgoing.relationship, 'Outgoing');

    const accepted = (await bob.client.api.put(
      `/users/${alice.user._id}/friend` as '/users/{target}/friend',
    )) as unknown as WireUser;
    assert.equal(accepted._id, alice.user._id);
    assert.equal(accepted.relationship, 'Friend');

    const aliceView = (await alice.client.api.get(
      `/users/${bob.user._id}` as '/users/{target}',
    )) as unknown as WireUser;
    assert.equal(aliceView.relationship, 'Friend');
    const aliceSelf = (await alice.client.api.get('/users/@me')) as unknown as WireUser;
    assert.deepEqual(aliceSelf.relations, [{ _id: bob.user._id, status: 'Friend' }]);
  });

  test('a wrong password gives 401 InvalidCredentials', async () => {
    const client = new Client({ baseURL: `${ermine.url}/api`, autoReconnect: false });
    const email = `carol.${Date.now()}@example.com`;
    await client.api.post('/auth/account/create', { email, password: 'a long enough password' });
    const thrown = await client.api
      .post('/auth/session/login', { email, password: 'not the password' })
      .then(
        () => null,
        (err: unknown) => err,
      );
    assert.equal(JSON.parse(String(thrown)).type, 'InvalidCredentials');
    const res = await fetch(`${ermine.url}/api/auth/session/login`, {
      method: 'POST',
      body: JSON.stringify({ email, password: 'not the password' }),
    });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { type: string }).type, 'InvalidCredentials');
  });
});
