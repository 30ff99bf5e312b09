import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultConfig } from '@ermine/config';
import { StoatError } from '@ermine/result';
import { checkCaptcha } from './captcha';

describe('captcha', () => {
  let server: Server;
  let url = '';
  const seen: string[] = [];

  before(async () => {
    // Stands in for hCaptcha: accepts the token "good" for the secret "s3cret".
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push(body);
        const form = new URLSearchParams(body);
        const ok = form.get('secret') === 's3cret' && form.get('response') === 'good';
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ success: ok }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/siteverify`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const withKey = () => {
    const config = defaultConfig();
    config.api.security.captcha.hcaptcha_key = 's3cret';
    return config;
  };
  const failsWith = async (p: Promise<void>) => {
    await assert.rejects(
      p,
      (err: unknown) => err instanceof StoatError && err.type === 'CaptchaFailed',
    );
  };

  test('off without a key: nothing is checked', async () => {
    await checkCaptcha(defaultConfig(), undefined, url);
    assert.equal(seen.length, 0);
  });

  test('with a key: good token passes, bad or missing fails', async () => {
    await checkCaptcha(withKey(), 'good', url);
    assert.equal(seen.length, 1);
    await failsWith(checkCaptcha(withKey(), 'bad', url));
    await failsWith(checkCaptcha(withKey(), null, url));
    assert.equal(seen.length, 2);
  });

  test('an unreachable verifier fails closed', async () => {
    await failsWith(checkCaptcha(withKey(), 'good', 'http://127.0.0.1:1/siteverify'));
  });
});
