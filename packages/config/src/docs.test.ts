import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { renderConfigDocsFormatted } from './docs';
import { schemaEntries } from './schema-walk';

const DOCS = fileURLToPath(new URL('../../../docs/config.md', import.meta.url));

test('docs/config.md is generated from the current schema', async () => {
  const expected = await renderConfigDocsFormatted(DOCS);
  const actual = readFileSync(DOCS, 'utf8');
  assert.ok(
    actual === expected,
    'docs/config.md is out of date with the config schema: run `node --import tsx scripts/gen-config-docs.ts`',
  );
});

test('docs/config.md names every key of the schema', () => {
  const text = readFileSync(DOCS, 'utf8');
  for (const entry of schemaEntries()) {
    const name = entry.key.split('.').at(-1) ?? '';
    const shown = entry.table ? `[${entry.key}]` : `\`${name}\``;
    assert.ok(text.includes(shown), `${entry.key} is missing from docs/config.md`);
  }
});
