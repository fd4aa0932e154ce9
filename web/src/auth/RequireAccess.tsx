import type { ReactNode } from 'react';
import { Forbidden } from '../shared/StatusPages';
import { useAccess, type Permission } from './access';

export function RequireAccess({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAccess();
  return can[permission] ? children : <Forbidden />;
}
