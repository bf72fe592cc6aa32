import { conflict } from '@ticketing/common';
import { insertUser, type User } from '../data/users';
import type { SignUpInput } from '@ticketing/contracts';
import { hashPassword } from './password-hash';

export async function signUp(input: SignUpInput): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const user = await insertUser(input.email, passwordHash);
  if (!user) throw conflict('Email is already in use', 'email');
  return user;
}
