import { useLoadLimits } from './load-limits';

process.env.NODE_ENV = 'test';
// Stacks started by tests inherit this environment (route tests pass their config explicitly).
useLoadLimits();
// Stacks hash passwords at scrypt 2^14 instead of OWASP's 2^17 (~0.3 s and 128 MiB a hash).
process.env.PASSWORD_SCRYPT_LOG2N ??= '14';
