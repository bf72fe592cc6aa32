'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/lib/client-api';

export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="rounded border border-white/60 px-3 py-1 hover:bg-brand-800 disabled:opacity-60"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await callApi('POST', '/api/users/signout');
        router.push('/');
        router.refresh();
        setBusy(false);
      }}
    >
      {busy ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
