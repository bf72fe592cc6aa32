import { useLoadLimits } from './load-limits';

process.env.NODE_ENV = 'test';
// Stacks started by tests inherit this environment (route tests pass their config explicitly).
useLoadLimits();
