export { createServiceApp, EXPOSED_HEADERS, type ServiceAppOptions } from './app';
export { readJson, parseBody, parseWith } from './body';
export { errorResponse, onError, onNotFound } from './errors';
export { SERVICE_NAMES, type ServiceName, type ServiceModule, type ServiceHealth } from './service';
