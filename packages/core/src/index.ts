export type { CoreDeps } from './deps';
