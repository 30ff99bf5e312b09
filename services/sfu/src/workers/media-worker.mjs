// Entry of a media worker thread. Worker threads don't inherit the main thread's TypeScript
// loader, so it is registered here before the worker's module is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./media-worker.ts');
