export * from './permission-value';
export * from './permission-bits';
export * from './permission-defaults';
export * from './permission-overrides';
export * from './server-permissions';
export * from './channel-permissions';
export * from './role-ranks';
export * from './user-permissions';
