import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Loading } from '../shared/Loading';
import { useAuth } from './context';

/** Location state the login page reads to return the user where they were going. */
interface LoginRedirectState {
  from: string;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();

  if (state.status === 'loading') return <Loading fullScreen />;
  if (state.status === 'anonymous') {
    const redirect: LoginRedirectState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={redirect} />;
  }
  return children;
}
