'use client';
import { useEffect, useState } from 'react';

/**
 * False in the server's HTML and until React has taken over the page: forms that need their
 * script keep their submit button disabled until then, instead of posting nowhere.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
