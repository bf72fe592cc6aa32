import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const AuthEnv = CommonEnv.extend({
  JWT_TTL_SECONDS: positiveInt.default(86_400),
  SIGNIN_WINDOW_SECONDS: positiveInt.default(900),
  SIGNIN_MAX_PER_EMAIL: positiveInt.default(10),
  SIGNIN_MAX_PER_IP: positiveInt.default(100),
});
export type AuthConfig = z.infer<typeof AuthEnv>;

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return loadConfig(AuthEnv, env);
}
