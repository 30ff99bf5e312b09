export * from './postgres';
export * from './stack';
