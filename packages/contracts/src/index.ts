export * from './shared';
export * from './users';
export * from './tickets';
export * from './orders';
export * from './payments';
export * from './events';
export * from './routes';
export * from './topics';
