export * from './ports';
export * from './voice';
