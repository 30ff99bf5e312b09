// deploy/ agrees with what `ermine init` writes and ships every file it mounts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { generateSecrets } from '@ermine/config';
import { renderRevoltToml } from '@ermine/config/template';

const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));
const compose = readFileSync(join(DEPLOY, 'compose.yml'), 'utf8');

describe('deploy/compose.yml', () => {
  test("creates RabbitMQ with init's [rabbit] username and a password taken from .env", () => {
    const written = parse(renderRevoltToml({ secrets: generateSecrets() })) as {
      rabbit: { username: string };
    };
    const user = /RABBITMQ_DEFAULT_USER:\s*(\S+)/.exec(compose)?.[1];
    assert.equal(user, written.rabbit.username);
    assert.match(compose, /RABBITMQ_DEFAULT_PASS:\s*\$\{RABBIT_PASSWORD/);
    assert.doesNotMatch(compose, /CHANGE_ME/);
  });

  test('LiveKit takes its key pair from .env and ships no placeholder key', () => {
    assert.match(
      compose,
      /keys:\s*\$\{LIVEKIT_API_KEY:\?[^}]+\}: \$\{LIVEKIT_API_SECRET:\?[^}]+\}/,
    );
    assert.match(compose, /api_key: \$\{LIVEKIT_API_KEY\}/);
  });

  test('every file it mounts from beside it is shipped, except the ones the operator writes', () => {
    const written = new Set(['./Revolt.toml', './data/postgres', './data/caddy']);
    const mounts = [...compose.matchAll(/'(\.\/[^:']+):/g)].map((m) => m[1] ?? '');
    assert.ok(mounts.length > 0);
    for (const mount of mounts) {
      if (written.has(mount)) continue;
      assert.ok(existsSync(join(DEPLOY, mount)), `${mount} is mounted but not in deploy/`);
    }
  });
});
