import { createContext, useContext } from 'react';
import type { Me } from '../api/auth';

export type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'authenticated'; me: Me };

export interface Auth {
  state: AuthState;
  /** Rejects with an ApiError (wrong password, rate limited…). */
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Takes a session the server opened another way (a developer's verified registration). */
  adopt: (session: { user: Me; csrfToken: string }) => void;
}

export const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>');
  return auth;
}

/** The signed-in user; only for components rendered behind <RequireAuth>. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useMe must be used behind <RequireAuth>');
  return state.me;
}
