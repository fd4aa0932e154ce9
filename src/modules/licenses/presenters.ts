import { maskValue } from '../../lib/mask.ts';
import { SM2_DEFAULT_USER_ID, sm2PublicKeyPem } from '../../lib/sm2.ts';
import type { Department, OrgService } from '../org/index.ts';
import type { EventRow, LicenseRow, TypeRow, UseRow } from './repo.ts';
import type {
  LicenseDetailT,
  LicenseStatus,
  LicenseSummaryT,
  LicenseTypeT,
  LicenseUseT,
  PublicLicenseT,
} from './schema.ts';
import { contentDigest, maskedData, publicHolder, verifyPayload } from './seal.ts';

/** What the caller sees of a license: the verification page's link is added by the route, which knows the URL. */
export type LicenseView = Omit<LicenseDetailT, 'verifyUrl'>;

/** The status a reader sees: revoked wins, then expiry by validUntil against today, then suspension. */
export function effectiveStatus(
  row: Pick<LicenseRow, 'status' | 'valid_until'>,
  today: string,
): LicenseStatus {
  if (row.status === 'revoked') return 'revoked';
  if (row.valid_until !== null && row.valid_until < today) return 'expired';
  return row.status;
}

function holderCode(row: LicenseRow, clear: boolean): string {
  return clear || row.holder_kind === '001' ? row.holder_code : String(maskValue('id_card', row.holder_code));
}

function holderName(row: LicenseRow, clear: boolean): string {
  return clear || row.holder_kind === '001'
    ? row.holder_name
    : String(maskValue('person_name', row.holder_name));
}

/** Rows → API objects, with department names asked of the org service. */
export class LicensePresenter {
  constructor(private readonly org: OrgService) {}

  async departments(ids: string[]): Promise<Map<string, Department>> {
    return this.org.getMany(ids);
  }

  async types(rows: TypeRow[]): Promise<LicenseTypeT[]> {
    const depts = await this.departments(rows.map((r) => r.department_id));
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      ministryName: r.ministry_name,
      departmentId: r.department_id,
      departmentName: depts.get(r.department_id)?.name ?? '',
      holderKind: r.holder_kind,
      fields: r.fields,
      validityYears: r.validity_years,
      licenses: r.licenses,
      createdAt: r.created_at.toISOString(),
    }));
  }

  summary(row: LicenseRow, dept: Department | undefined, today: string, clear: boolean): LicenseSummaryT {
    return {
      licenseId: row.id,
      seq: row.seq,
      name: row.type_name,
      typeCode: row.type_code,
      number: row.number,
      holderKind: row.holder_kind,
      holderCode: holderCode(row, clear),
      holderName: holderName(row, clear),
      issuerId: row.department_id,
      issuerName: dept?.name ?? '',
      issuerCode: dept?.uscc ?? '',
      issuedOn: row.issued_on,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      version: row.version,
      status: effectiveStatus(row, today),
    };
  }

  async summaries(rows: LicenseRow[], today: string, clearFor: (r: LicenseRow) => boolean) {
    const depts = await this.departments(rows.map((r) => r.department_id));
    return rows.map((r) => this.summary(r, depts.get(r.department_id), today, clearFor(r)));
  }

  async detail(
    row: LicenseRow,
    type: TypeRow,
    events: EventRow[],
    today: string,
    clear: boolean,
  ): Promise<LicenseView> {
    const depts = await this.departments([row.department_id]);
    const verified = verifyPayload(row.payload, row.signature, row.public_key);
    const digest = contentDigest(row.content_salt, {
      holder: { kind: row.holder_kind, code: row.holder_code, name: row.holder_name },
      data: row.data,
    });
    const signed = JSON.parse(row.payload) as { contentDigest?: unknown };
    return {
      ...this.summary(row, depts.get(row.department_id), today, clear),
      data: clear ? row.data : maskedData(type.fields, row.data),
      fields: type.fields,
      clear,
      statusReason: row.status_reason,
      history: events.map((e) => ({
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        reason: e.reason,
        actorName: e.actor_name,
        at: e.at.toISOString(),
      })),
      seal: {
        algorithm: 'SM2-with-SM3',
        userId: SM2_DEFAULT_USER_ID,
        payload: Buffer.from(row.payload, 'utf8').toString('base64'),
        signature: row.signature,
        publicKeyPem: sm2PublicKeyPem(row.public_key),
        verified,
        contentIntact: signed.contentDigest === digest,
      },
    };
  }

  publicView(row: LicenseRow, dept: Department | undefined, today: string): PublicLicenseT {
    return {
      licenseId: row.id,
      type: { code: row.type_code, name: row.type_name },
      issuer: { name: dept?.name ?? '', code: dept?.uscc ?? '' },
      status: effectiveStatus(row, today),
      issuedAt: row.issued_on,
      validUntil: row.valid_until,
      holder: publicHolder({ kind: row.holder_kind, code: row.holder_code, name: row.holder_name }),
      payload: Buffer.from(row.payload, 'utf8').toString('base64'),
      signature: row.signature,
      signatureAlgorithm: 'SM2-with-SM3',
      userId: SM2_DEFAULT_USER_ID,
      publicKeyPem: sm2PublicKeyPem(row.public_key),
    };
  }

  async uses(rows: UseRow[]): Promise<LicenseUseT[]> {
    const depts = await this.departments(rows.map((r) => r.department_id));
    return rows.map((r) => ({
      id: r.id,
      departmentId: r.department_id,
      departmentName: depts.get(r.department_id)?.name ?? '',
      reason: r.reason,
      actorName: r.actor_name,
      at: r.at.toISOString(),
    }));
  }
}
