import { request } from './client';
import type { LoginResult, Session } from './types';

export const login = (username: string, password: string) =>
  request<LoginResult>('/api/auth/login', { method: 'POST', body: { username, password } });

export const logout = () => request<void>('/api/auth/logout', { method: 'POST' });

export const fetchSession = (signal?: AbortSignal) => request<Session>('/api/auth/me', { signal });
