import type { CoreDeps } from '@ermine/core';

/** What the API service needs: the core's ports plus the port it is served on. */
export interface ApiDeps extends CoreDeps {
  /** The port the process listens on (to derive default public URLs). */
  listenPort: number;
}
