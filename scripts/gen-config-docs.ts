// Writes docs/config.md from the config schema (packages/config/src/schema.ts).
//   node --import tsx scripts/gen-config-docs.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigDocsFormatted } from '@ermine/config/docs';

const target = fileURLToPath(new URL('../docs/config.md', import.meta.url));
writeFileSync(target, await renderConfigDocsFormatted(target));
console.log(`wrote ${target}`);
