import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessToken, TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { bodySha256, signAccessToken, TokenError, verifyAccessToken } from './access-token';

const keys = { apiKey: 'APIkey1', apiSecret: 'a-secret-that-is-long-enough-for-hs256' };

describe('LiveKit access tokens', () => {
  test('a token signed here verifies with livekit-server-sdk', async () => {
    const jwt = await signAccessToken(
      keys,
      { identity: 'user1', name: 'User#0001', video: { roomJoin: true, room: 'r1' } },
      600,
    );
    const claims = await new TokenVerifier(keys.apiKey, keys.apiSecret).verify(jwt);
    assert.equal(claims.iss, keys.apiKey);
    assert.equal(claims.sub, 'user1');
    assert.equal(claims.name, 'User#0001');
    assert.deepEqual(claims.video, { roomJoin: true, room: 'r1' });
    assert.equal((claims.exp ?? 0) - (claims.nbf ?? 0), 600);
  });

  test('a token signed by livekit-server-sdk verifies here, with its grants', async () => {
    const at = new AccessToken(keys.apiKey, keys.apiSecret, {
      identity: 'u2',
      ttl: 60,
      metadata: '{}',
    });
    at.addGrant({
      roomJoin: true,
      room: 'r2',
      canPublishSources: [TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE_AUDIO],
      canPublishData: false,
    });
    const verified = await verifyAccessToken(keys, await at.toJwt());
    assert.equal(verified.apiKey, keys.apiKey);
    assert.equal(verified.grants.identity, 'u2');
    assert.equal(verified.grants.metadata, '{}');
    assert.deepEqual(verified.grants.video?.canPublishSources, [
      'microphone',
      'screen_share_audio',
    ]);
    assert.equal(verified.grants.video?.canPublishData, false);
  });

  test('a wrong secret, a wrong issuer or an expired token is refused', async () => {
    const other = await signAccessToken(
      { apiKey: keys.apiKey, apiSecret: 'another-secret-of-good-length!!' },
      {},
      60,
    );
    await assert.rejects(verifyAccessToken(keys, other), TokenError);
    const wrongIssuer = await signAccessToken(
      { apiKey: 'someone-else', apiSecret: keys.apiSecret },
      {},
      60,
    );
    await assert.rejects(verifyAccessToken(keys, wrongIssuer), TokenError);
    const expired = await signAccessToken(keys, {}, 10, Date.now() - 3_600_000);
    await assert.rejects(verifyAccessToken(keys, expired), TokenError);
    await assert.rejects(verifyAccessToken(keys, 'not.a.jwt'), TokenError);
  });

  test('bodySha256 is the standard base64 of the SHA-256 digest', () => {
    assert.equal(bodySha256('abc'), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });
});
