import type { ErmineConfig } from '@ermine/config';
import type { Database } from '@ermine/database';
import type { Bus, Cache, Clock, Jobs, Logger } from '@ermine/infra';

/** The ports every domain operation is given. Built by a composition root from config. */
export interface CoreDeps {
  config: ErmineConfig;
  db: Database;
  bus: Bus;
  cache: Cache;
  jobs: Jobs;
  clock: Clock;
  log: Logger;
}
