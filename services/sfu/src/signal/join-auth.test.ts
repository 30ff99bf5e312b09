import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { authorizeJoin } from './join-auth';

const keys = { apiKey: 'APIjoin', apiSecret: 'join-secret-join-secret-join-secret' };

async function jwt(claims: Record<string, unknown>, times: { exp?: number; nbf?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const token = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(keys.apiKey)
    .setSubject('alice');
  if (times.exp !== undefined) token.setExpirationTime(now + times.exp);
  if (times.nbf !== undefined) token.setNotBefore(now + times.nbf);
  return token.sign(new TextEncoder().encode(keys.apiSecret));
}

const join = (token: string) =>
  authorizeJoin(new URLSearchParams({ access_token: token }), undefined, keys, Date.now());

describe('authorizeJoin', () => {
  test('a valid token with roomJoin and a room joins that room', async () => {
    const token = await jwt({ video: { roomJoin: true, room: 'r1' } }, { exp: 60 });
    const { roomName, claims } = await join(token);
    assert.equal(roomName, 'r1');
    assert.equal(claims.identity, 'alice');
  });

  test('a token without exp is refused (401), as the server API refuses it', async () => {
    const token = await jwt({ video: { roomJoin: true, room: 'r1' } });
    await assert.rejects(join(token), { name: 'TokenError', status: 401 });
  });

  test('a grant field of the wrong type is refused, not read as truthy', async () => {
    for (const video of [
      { roomJoin: 'yes', room: 'r1' },
      { roomJoin: 1, room: 'r1' },
      { roomJoin: true, room: 5 },
      { roomJoin: true, room: 'r1', canPublish: 'false' },
      { roomJoin: true, room: 'r1', canPublishSources: 'camera' },
    ]) {
      const token = await jwt({ video }, { exp: 60 });
      await assert.rejects(join(token), { name: 'TokenError', status: 401 }, JSON.stringify(video));
    }
  });

  test('nbf is honoured, with a minute of leeway for clock skew', async () => {
    const soon = await jwt({ video: { roomJoin: true, room: 'r1' } }, { exp: 600, nbf: 30 });
    assert.equal((await join(soon)).roomName, 'r1');
    const later = await jwt({ video: { roomJoin: true, room: 'r1' } }, { exp: 600, nbf: 300 });
    await assert.rejects(join(later), { name: 'TokenError', status: 401 });
  });

  test('an expired token, a wrong key or no roomJoin is refused', async () => {
    const expired = await jwt({ video: { roomJoin: true, room: 'r1' } }, { exp: -120 });
    await assert.rejects(join(expired), { name: 'TokenError', status: 401 });
    const noJoin = await jwt({ video: { room: 'r1' } }, { exp: 60 });
    await assert.rejects(join(noJoin), { name: 'TokenError', status: 401 });
    const foreign = await new SignJWT({ video: { roomJoin: true, room: 'r1' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(keys.apiKey)
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    await assert.rejects(join(foreign), { name: 'TokenError', status: 401 });
  });
});
