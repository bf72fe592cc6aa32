import type { Metadata } from 'next';
import Link from 'next/link';
import { PasswordForm } from '@/components/password-form';
import { requireUser } from '@/lib/api';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUser('/account');
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-bold">Account</h1>
      <div className="card p-6">
        <p className="text-sm text-slate-600">Signed in as</p>
        <p className="text-lg font-semibold" data-testid="account-email">
          {user.email}
        </p>
        <p className="mt-3 flex flex-wrap gap-4 text-sm">
          <Link href="/orders" className="link">
            My orders
          </Link>
          <Link href="/my-tickets" className="link">
            My tickets
          </Link>
        </p>
      </div>
      <PasswordForm />
    </div>
  );
}
