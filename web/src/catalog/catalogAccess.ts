import { useMemo } from 'react';
import { useAccess } from '../auth/access';

export interface CatalogAccess {
  /** Platform administrators review, publish and retire, and edit any department's resources. */
  isOperator: boolean;
  canCreate: boolean;
  canImport: boolean;
  /** Whether the user may edit and submit resources of this department. */
  canEdit: (departmentId: string) => boolean;
}

/** What the signed-in user may do in the catalog. The server enforces it; this only shapes the UI. */
export function useCatalogAccess(): CatalogAccess {
  const { can, departmentScope } = useAccess();
  return useMemo(
    () => ({
      isOperator: can.reviewCatalog,
      canCreate: can.editCatalog,
      canImport: can.importCatalog,
      canEdit: (departmentId) =>
        can.editCatalog &&
        (departmentScope === 'all' || departmentScope.some(({ id }) => id === departmentId)),
    }),
    [can, departmentScope],
  );
}
