import { randomBytes } from 'node:crypto';
import { signToken } from '@ticketing/common';

/** The JWT secret every test app and test token shares. */
export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/** A fresh id in the shape the services use (an ObjectId's hex). */
export const newId = (): string => randomBytes(12).toString('hex');

export interface TestUser {
  id: string;
  email: string;
  token: string;
  /** The Authorization header value. */
  auth: string;
}

/** A signed-in user no other test shares, with a token valid for an hour. */
export function testUser(tag = 'user'): TestUser {
  const id = newId();
  const email = `${tag}-${id}@example.com`;
  const token = signToken({ id, email }, TEST_JWT_SECRET, 3600);
  return { id, email, token, auth: `Bearer ${token}` };
}
