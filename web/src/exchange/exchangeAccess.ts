import { useMemo } from 'react';
import { useAccess } from '../auth/access';

export interface ExchangeAccess {
  /** Reads every department's exchange data (platform admin, auditor): offer a department filter. */
  cityWide: boolean;
  /** May upload or push records and fix quarantined rows of this department's resources. */
  canIngest: (departmentId: string) => boolean;
  /** May configure and run this department's pull connectors. */
  canConnect: (departmentId: string) => boolean;
  /** May subscribe this (consumer) department, pause, resume or end its subscriptions and redeliver. */
  canSubscribe: (consumerDepartmentId: string) => boolean;
  /** May subscribe some department at all (shows the "new subscription" button). */
  canSubscribeAny: boolean;
}

/** What the signed-in user may do in the exchange. The server enforces it; this only shapes the UI. */
export function useExchangeAccess(): ExchangeAccess {
  const { can, departmentScope } = useAccess();
  return useMemo(() => {
    const within = (departmentId: string) =>
      departmentScope === 'all' || departmentScope.some(({ id }) => id === departmentId);
    return {
      cityWide: can.viewExchangeData && departmentScope === 'all',
      canIngest: (departmentId) => can.ingestExchange && within(departmentId),
      canConnect: (departmentId) => can.manageConnectors && within(departmentId),
      canSubscribe: (departmentId) => can.manageSubscriptions && within(departmentId),
      canSubscribeAny: can.manageSubscriptions,
    };
  }, [can, departmentScope]);
}
