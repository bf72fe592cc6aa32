import { AttemptSlotModel } from './attempt-slots';
import { EndedSessionModel } from './ended-sessions';
import { PasswordResetModel } from './password-resets';
import { SigninAttemptModel } from './signin-failures';
import { UserModel } from './users';

/** Waits until the unique indexes exist: autoIndex builds them in the background otherwise. */
export async function ensureIndexes(): Promise<void> {
  await Promise.all([
    UserModel.init(),
    AttemptSlotModel.init(),
    PasswordResetModel.init(),
    EndedSessionModel.init(),
    SigninAttemptModel.init(),
  ]);
}
