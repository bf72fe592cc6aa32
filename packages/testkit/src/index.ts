export * from './free-port';
export * from './ferretdb';
export * from './database';
export * from './contract-check';
export * from './recording-publisher';
export * from './clock';
export * from './users';
export * from './service-deps';
