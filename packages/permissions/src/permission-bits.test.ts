import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GRANT_ALL_SAFE,
  PERMISSION_NAMES,
  Permission,
  firstMissing,
  hasPermission,
  permissionNames,
  type PermissionName,
} from './permission-bits';

// Stoat's table of channel and server permissions: name, bit, value.
const STOAT_BITS: [PermissionName, number, number][] = [
  ['ManageChannel', 0, 1],
  ['ManageServer', 1, 2],
  ['ManagePermissions', 2, 4],
  ['ManageRole', 3, 8],
  ['ManageCustomisation', 4, 16],
  ['KickMembers', 6, 64],
  ['BanMembers', 7, 128],
  ['TimeoutMembers', 8, 256],
  ['AssignRoles', 9, 512],
  ['ChangeNickname', 10, 1024],
  ['ManageNicknames', 11, 2048],
  ['ChangeAvatar', 12, 4096],
  ['RemoveAvatars', 13, 8192],
  ['ViewChannel', 20, 1048576],
  ['ReadMessageHistory', 21, 2097152],
  ['SendMessage', 22, 4194304],
  ['ManageMessages', 23, 8388608],
  ['ManageWebhooks', 24, 16777216],
  ['InviteOthers', 25, 33554432],
  ['SendEmbeds', 26, 67108864],
  ['UploadFiles', 27, 134217728],
  ['Masquerade', 28, 268435456],
  ['React', 29, 536870912],
  ['Connect', 30, 1073741824],
  ['Speak', 31, 2147483648],
  ['Video', 32, 4294967296],
  ['MuteMembers', 33, 8589934592],
  ['DeafenMembers', 34, 17179869184],
  ['MoveMembers', 35, 34359738368],
  ['Listen', 36, 68719476736],
  ['MentionEveryone', 37, 137438953472],
  ['MentionRoles', 38, 274877906944],
  ['BypassSlowmode', 39, 549755813888],
  ['ViewAuditLogs', 40, 1099511627776],
];

describe('Permission', () => {
  for (const [name, bit, value] of STOAT_BITS) {
    test(`${name} is bit ${bit} (${value})`, () => {
      assert.equal(Permission[name], value);
      assert.equal(2 ** bit, value);
    });
  }

  test('has exactly the names of the table, lowest bit first', () => {
    assert.deepEqual(
      PERMISSION_NAMES,
      STOAT_BITS.map(([name]) => name),
    );
  });

  test('reserved bits 5 and 14–19 stay unused', () => {
    const used = new Set(Object.values(Permission));
    for (const bit of [5, 14, 15, 16, 17, 18, 19]) assert.equal(used.has(2 ** bit), false);
  });

  test('every bit fits a double exactly and inside GrantAllSafe', () => {
    assert.equal(GRANT_ALL_SAFE, 4503599627370495);
    assert.ok(Number.isSafeInteger(GRANT_ALL_SAFE));
    for (const name of PERMISSION_NAMES) assert.equal(hasPermission(GRANT_ALL_SAFE, name), true);
  });
});

test('hasPermission reads bits above 32', () => {
  assert.equal(hasPermission(Permission.ViewAuditLogs, 'ViewAuditLogs'), true);
  assert.equal(hasPermission(Permission.ViewAuditLogs, 'ViewChannel'), false);
  assert.equal(hasPermission(Permission.Video + Permission.Speak, 'Speak'), true);
  assert.equal(hasPermission(0, 'ManageChannel'), false);
});

test('firstMissing names the first permission lacking, in the order asked', () => {
  const value = Permission.ViewChannel + Permission.SendMessage;
  assert.equal(firstMissing(value, ['ViewChannel', 'SendMessage']), null);
  assert.equal(firstMissing(value, ['ViewChannel', 'Masquerade', 'UploadFiles']), 'Masquerade');
  assert.equal(firstMissing(value, []), null);
});

test('permissionNames lists the held bits', () => {
  assert.deepEqual(permissionNames(Permission.Listen + Permission.ManageChannel), [
    'ManageChannel',
    'Listen',
  ]);
  assert.deepEqual(permissionNames(0), []);
  assert.equal(permissionNames(GRANT_ALL_SAFE).length, STOAT_BITS.length);
});
