import { z } from 'zod';

const required = (what: string) => ({
  error: (issue: { input: unknown }) =>
    issue.input === undefined ? `${what} is required` : `${what} must be a string`,
});

/** Emails are compared trimmed and lower-cased; the unique index sees only this form. */
export const Email = z
  .string(required('Email'))
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Email must be a valid email address' }).max(254));

export const NewPassword = z
  .string(required('Password'))
  .min(8, 'Password must be at least 8 characters')
  .max(128, 'Password must be at most 128 characters');

// No stored password is longer than a new one may be, so longer input cannot match.
const GivenPassword = z
  .string(required('Password'))
  .min(1, 'Password is required')
  .max(128, 'Password must be at most 128 characters');

// Strict like every other input: an unknown field (`isAdmin`, `role`) is refused, not ignored.
export const SignUpInput = z.strictObject({ email: Email, password: NewPassword });
export type SignUpInput = z.infer<typeof SignUpInput>;

export const SignInInput = z.strictObject({ email: Email, password: GivenPassword });
export type SignInInput = z.infer<typeof SignInInput>;

export const ChangePasswordInput = z
  .strictObject({ currentPassword: GivenPassword, newPassword: NewPassword })
  .refine((v) => v.newPassword !== v.currentPassword, {
    error: 'New password must differ from the current one',
    path: ['newPassword'],
  });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

export const PasswordResetRequestInput = z.object({ email: Email }).strict();
export type PasswordResetRequestInput = z.infer<typeof PasswordResetRequestInput>;

export const PasswordResetInput = z
  .object({
    token: z
      .string(required('Token'))
      .min(1, 'Token is required')
      .max(200, 'Token must be at most 200 characters'),
    password: NewPassword,
  })
  .strict();
export type PasswordResetInput = z.infer<typeof PasswordResetInput>;

/** The same answer whether or not the email has an account. */
export const PasswordResetRequested = z.object({ message: z.string() });
export type PasswordResetRequested = z.infer<typeof PasswordResetRequested>;

export const User = z.object({ id: z.string().min(1), email: z.string() });
export type User = z.infer<typeof User>;

export const Session = z.object({
  user: User,
  token: z
    .string()
    .optional()
    .describe(
      'JWT for Authorization: Bearer; only for API clients (a browser, which sends Sec-Fetch-Site, gets the httpOnly cookie alone)',
    ),
});
export type Session = z.infer<typeof Session>;

export const CurrentUser = z.object({ currentUser: User.nullable() });
export type CurrentUser = z.infer<typeof CurrentUser>;
