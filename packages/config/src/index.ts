// Revolt.toml for Ermine: the schema (Stoat's keys and defaults plus Ermine's own), layered
// loading, validation with fixes, public URL derivation, secret generation, generated docs.
export {
  configSchema,
  defaultConfig,
  DEFAULT_PORT,
  STOAT_DEMO_ENCRYPTION_KEY,
  STOAT_DEMO_VAPID_PRIVATE_KEY,
  STOAT_DEMO_VAPID_PUBLIC_KEY,
  type ErmineConfig,
  type LivekitNode,
  type TurnServer,
  type UserLimits,
} from './schema';
export { schemaEntries, type SchemaEntry } from './schema-walk';
export { formatProblems, hasErrors, editDistance, closest, type ConfigProblem } from './problems';
export {
  loadConfig,
  envName,
  CONFIG_FILE,
  OVERRIDES_FILE,
  ENV_PREFIX,
  type LoadOptions,
  type LoadResult,
} from './load';
export { validateConfig, validateForMode, checkServiceNames } from './validate';
export { SINGLE, sfuEnabled, sfuWorkers, settleForMode, type RunMode } from './mode';
export {
  SERVICE_CATALOGUE,
  SERVICES,
  ROUTE_TABLE,
  serviceSpec,
  isServiceName,
  servicesNeeding,
  publicPrefix,
  matchRoute,
  type ServiceName,
  type ServiceNeed,
  type ServiceRoute,
  type ServiceSpec,
  type RouteEntry,
} from './services';
export { resolvePublicUrls, publicBaseUrl, type PublicUrls } from './urls';
export {
  generateSecrets,
  generateEncryptionKey,
  generateVapidKeys,
  randomToken,
  decodeVapidPrivateKey,
  isVapidPublicKey,
  isEncryptionKey,
  ensureLocalSecrets,
  applyLocalSecrets,
  SECRETS_FILE,
  type GeneratedSecrets,
  type LocalSecrets,
  type LocalSecretsResult,
} from './secrets';
