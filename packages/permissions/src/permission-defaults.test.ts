import { test } from 'node:test';
import assert from 'node:assert/strict';
import { permissionNames } from './permission-bits';
import {
  ALLOW_IN_TIMEOUT,
  DEFAULT_PERMISSION,
  DEFAULT_PERMISSION_DIRECT_MESSAGE,
  DEFAULT_PERMISSION_SAVED_MESSAGES,
  DEFAULT_PERMISSION_SERVER,
  DEFAULT_PERMISSION_VIEW_ONLY,
  DEFAULT_WEBHOOK_PERMISSIONS,
} from './permission-defaults';

// Stoat's default sets with the values its servers send.
const DEFAULTS: [string, number, number][] = [
  ['ALLOW_IN_TIMEOUT', ALLOW_IN_TIMEOUT, 3145728],
  ['DEFAULT_PERMISSION_VIEW_ONLY', DEFAULT_PERMISSION_VIEW_ONLY, 3145728],
  ['DEFAULT_PERMISSION', DEFAULT_PERMISSION, 76477890560],
  ['DEFAULT_PERMISSION_SAVED_MESSAGES', DEFAULT_PERMISSION_SAVED_MESSAGES, 4503599627370495],
  ['DEFAULT_PERMISSION_DIRECT_MESSAGE', DEFAULT_PERMISSION_DIRECT_MESSAGE, 77283196929],
  ['DEFAULT_PERMISSION_SERVER', DEFAULT_PERMISSION_SERVER, 77014766592],
  ['DEFAULT_WEBHOOK_PERMISSIONS', DEFAULT_WEBHOOK_PERMISSIONS, 876609536],
];

for (const [name, actual, expected] of DEFAULTS) {
  test(`${name} is ${expected}`, () => assert.equal(actual, expected));
}

test('the sets hold the named permissions', () => {
  assert.deepEqual(permissionNames(ALLOW_IN_TIMEOUT), ['ViewChannel', 'ReadMessageHistory']);
  assert.deepEqual(permissionNames(DEFAULT_PERMISSION), [
    'ViewChannel',
    'ReadMessageHistory',
    'SendMessage',
    'InviteOthers',
    'SendEmbeds',
    'UploadFiles',
    'Connect',
    'Speak',
    'Video',
    'Listen',
  ]);
  assert.deepEqual(permissionNames(DEFAULT_WEBHOOK_PERMISSIONS), [
    'SendMessage',
    'SendEmbeds',
    'Masquerade',
    'React',
  ]);
});
