export * from './free-port';
export * from './ferretdb';
export * from './database';
