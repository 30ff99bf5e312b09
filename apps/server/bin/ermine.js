#!/usr/bin/env node
// The `ermine` command: runs the TypeScript sources of this checkout directly (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
