export * from './stack';
export * from './spec';
export * from './process';
export * from './health';
export * from './ports';
