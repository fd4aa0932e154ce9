import { useEffect, useMemo, useState, type ReactNode } from 'react';
import * as authApi from '../api/auth';
import { onSessionExpired, setCsrfToken } from '../api/client';
import { AuthContext, type Auth, type AuthState } from './context';

const ANONYMOUS: AuthState = { status: 'anonymous' };

/** Restores the session from the cookie (GET /api/auth/me) and keeps the CSRF token for the API client. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    authApi.fetchSession(controller.signal).then(
      ({ user, csrfToken }) => {
        setCsrfToken(csrfToken);
        setState({ status: 'authenticated', me: user });
      },
      () => {
        if (!controller.signal.aborted) setState(ANONYMOUS);
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => onSessionExpired(() => setState(ANONYMOUS)), []);

  const auth = useMemo<Auth>(
    () => ({
      state,
      login: async (username, password) => {
        const { user, csrfToken } = await authApi.login(username, password);
        setCsrfToken(csrfToken);
        setState({ status: 'authenticated', me: user });
      },
      adopt: ({ user, csrfToken }) => {
        setCsrfToken(csrfToken);
        setState({ status: 'authenticated', me: user });
      },
      logout: async () => {
        try {
          await authApi.logout();
        } finally {
          setCsrfToken(null);
          setState(ANONYMOUS);
        }
      },
    }),
    [state],
  );

  return <AuthContext value={auth}>{children}</AuthContext>;
}
