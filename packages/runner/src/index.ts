export * from './stack';
export * from './spec';
export * from './process';
export * from './health';
export * from './ports';
export * from './status';
export * from './restart-policy';
export * from './dashboard';
export type { DashboardView, ProcessView } from './dashboard-view';
