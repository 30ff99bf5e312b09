#!/usr/bin/env node
// The `ermine` command: runs the TypeScript sources of this checkout directly (no build step).
import { register } from 'tsx/esm/api';

// tsx turns on source maps, and Node then keeps every loaded module's map parsed in memory (about
// 5 MB of the idle server's RSS, bench/src/idle-memory.ts). Stack traces then name the .ts file but
// a position in tsx's output; `NODE_OPTIONS=--enable-source-maps` keeps the TypeScript lines.
const sourceMapsWanted = process.sourceMapsEnabled;
register();
process.setSourceMapsEnabled(sourceMapsWanted);
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
