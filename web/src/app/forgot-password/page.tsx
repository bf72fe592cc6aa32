import type { Metadata } from 'next';
import { ForgotPasswordForm } from '@/components/forgot-password-form';

export const metadata: Metadata = { title: 'Forgot password' };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">Forgot your password?</h1>
      <p className="text-slate-700">
        Give the email of your account and we will mail you a link to set a new password.
      </p>
      <ForgotPasswordForm />
    </div>
  );
}
