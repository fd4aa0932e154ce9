import type { Db } from '../../db/index.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { OrgService } from '../org/index.ts';
import type { LicensePresenter } from './presenters.ts';
import { licenseRepo, type LicenseRow } from './repo.ts';
import type { LicenseUseT } from './schema.ts';

/**
 * 用证: a department uses a license (instead of asking the holder for a photocopy), with a stated reason. The use is
 * stored on the license and audited with the holder's code as a key, which is how the holder's "who used my data"
 * finds it.
 */
export class LicenseUses {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly present: LicensePresenter,
  ) {}

  async record(actor: Actor, row: LicenseRow, departmentId: string, reason: string): Promise<LicenseUseT> {
    await this.org.get(departmentId);
    const use = await this.db.transaction(async (tx) => {
      const use = await licenseRepo.insertUse(tx, {
        license_id: row.id,
        department_id: departmentId,
        reason,
        actor_id: actor.id,
        actor_name: actor.name,
      });
      await this.audit.record(
        actor,
        {
          action: 'license.use',
          objectType: 'license',
          objectId: row.id,
          departmentId,
          outcome: 'success',
          details: { issuerId: row.department_id, typeCode: row.type_code, reason, keys: [row.holder_code] },
        },
        tx,
      );
      return use;
    });
    const [presented] = await this.present.uses([use]);
    return presented!;
  }
}
