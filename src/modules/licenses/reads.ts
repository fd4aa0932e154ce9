import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import { licenseIdProblem } from '../../lib/validators/index.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import { can, scopeOf, type Principal } from '../identity/index.ts';
import type { LicensePresenter, LicenseView } from './presenters.ts';
import { licenseRepo, type LicenseRow } from './repo.ts';
import type { LicenseQueryT, LicenseSummaryT, LicenseUseT, PublicLicenseT } from './schema.ts';

/** Whether the caller sees holder and personal fields in clear: the issuing department's steward does. */
export function seesClear(principal: Principal, row: Pick<LicenseRow, 'department_id'>): boolean {
  return can(principal, 'license.status', { departmentId: row.department_id });
}

/** Reading licenses: the staff list and page, the public verification, a license's uses. */
export class LicenseReads {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly present: LicensePresenter,
  ) {}

  /**
   * The license under an identifier: a malformed one (structure or check character) is LICENSE_ID_MALFORMED, a
   * well-formed unknown one LICENSE_NOT_FOUND — both 404, never a 500.
   */
  async find(licenseId: string): Promise<LicenseRow> {
    const reason = licenseIdProblem(licenseId);
    if (reason !== null) throw new AppError('LICENSE_ID_MALFORMED', { licenseId, reason });
    const row = await licenseRepo.licenseById(this.db, licenseId);
    if (!row) throw new AppError('LICENSE_NOT_FOUND', { licenseId });
    return row;
  }

  /** A keyset page, newest first, within the issuing departments the caller may read. */
  async list(
    actor: Actor,
    principal: Principal,
    query: LicenseQueryT,
  ): Promise<{ items: LicenseSummaryT[]; nextCursor: string | null }> {
    const scope = scopeOf(principal, 'license.read');
    const departmentIds = scope.kind === 'all' ? null : scope.kind === 'departments' ? scope.ids : [];
    const limit = query.limit ?? 50;
    const today = chinaToday();
    const holder = query.holder?.toUpperCase();
    const rows = await licenseRepo.listLicenses(
      this.db,
      {
        typeCode: query.type,
        holderCode: holder,
        status: query.status,
        issuerId: query.issuerId,
        departmentIds,
      },
      today,
      limit,
      query.after,
    );
    const page = rows.slice(0, limit);
    // A search by holder is a look-up of one person or company: audited with the code as a key (digested).
    if (holder)
      await this.audit.record(actor, {
        action: 'license.search',
        objectType: 'license',
        outcome: 'success',
        details: {
          type: query.type ?? null,
          status: query.status ?? null,
          found: page.length,
          keys: [holder],
        },
      });
    return {
      items: await this.present.summaries(page, today, (r) => seesClear(principal, r)),
      nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  }

  /** A holder's own licenses (its account's "my licenses"), from every issuer, in clear; audited with its code. */
  async ofHolder(actor: Actor, code: string, limit = 200): Promise<LicenseSummaryT[]> {
    const today = chinaToday();
    const rows = await licenseRepo.listLicenses(
      this.db,
      { holderCode: code, departmentIds: null },
      today,
      limit,
      undefined,
    );
    await this.audit.record(actor, {
      action: 'license.self',
      objectType: 'license',
      outcome: 'success',
      details: { found: rows.length, keys: [code] },
    });
    return this.present.summaries(rows, today, () => true);
  }

  /** The license page: audited as a read of the holder's data. */
  async detail(actor: Actor, row: LicenseRow, clear: boolean): Promise<LicenseView> {
    await this.audit.record(actor, {
      action: 'license.read',
      objectType: 'license',
      objectId: row.id,
      departmentId: row.department_id,
      outcome: 'success',
      details: { clear, keys: [row.holder_code] },
    });
    return this.view(row, clear);
  }

  async view(row: LicenseRow, clear: boolean): Promise<LicenseView> {
    const [type, events] = await Promise.all([
      licenseRepo.typeByCode(this.db, row.type_code),
      licenseRepo.events(this.db, row.id),
    ]);
    return this.present.detail(row, type!, events, chinaToday(), clear);
  }

  /**
   * Public verification (no sign-in): every answer, and every miss, leaves an audit entry with the caller's
   * address, so a sweep of identifiers shows in the log.
   */
  async verify(actor: Actor, licenseId: string): Promise<PublicLicenseT> {
    let row: LicenseRow;
    try {
      row = await this.find(licenseId);
    } catch (err) {
      if (err instanceof AppError)
        await this.audit.record(actor, {
          action: 'license.verify',
          objectType: 'license',
          objectId: licenseId.slice(0, 120),
          outcome: 'failure',
          details: { code: err.code },
        });
      throw err;
    }
    const today = chinaToday();
    const depts = await this.present.departments([row.department_id]);
    const view = this.present.publicView(row, depts.get(row.department_id), today);
    await this.audit.record(actor, {
      action: 'license.verify',
      objectType: 'license',
      objectId: row.id,
      departmentId: row.department_id,
      outcome: 'success',
      details: { status: view.status },
    });
    return view;
  }

  async uses(licenseId: string, limit: number): Promise<LicenseUseT[]> {
    return this.present.uses(await licenseRepo.uses(this.db, licenseId, limit));
  }
}
