import { runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadAuthConfig } from './config';
import { ensureIndexes } from './data/indexes';

runService('auth', loadAuthConfig, async (config, { logger }) => {
  // Serve only once the unique email index exists; without it duplicates could slip in.
  await ensureIndexes();
  return { app: buildApp({ config, logger, ready: () => mongoose.connection.readyState === 1 }) };
});
