export * from './free-port';
export * from './ferretdb';
export * from './database';
export * from './contract-check';
