import type { Db, Queryable } from '../../db/index.ts';
import { AppError, validationError, type FieldError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import { describeReason, makeLicenseId, validateIdCard, validateUscc } from '../../lib/validators/index.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { Department, OrgService } from '../org/index.ts';
import { licenseRepo, type LicenseRow, type NewEvent, type NewLicense, type TypeRow } from './repo.ts';
import type { LicenseIssueInputT } from './schema.ts';
import { newSalt, signPayload, signedPayload, type IssuerKeys } from './seal.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDay(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** The last day of a validity of `years` from `from`: the day before the same date `years` later. */
export function validUntilOf(from: string, years: number | null): string | null {
  if (years === null) return null;
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function problem(field: string, code: string, zh: string, en: string): FieldError {
  return { field, code, message: { zh, en } };
}

/** Everything wrong with an issue request for this type, each naming its field. */
export function issueProblems(type: TypeRow, input: LicenseIssueInputT, today: string): FieldError[] {
  const out: FieldError[] = [];
  if (type.holder_kind === '111') {
    const r = validateIdCard(input.holder.code, { today });
    if (!r.ok)
      out.push(
        problem(
          'holder.code',
          r.reason.toUpperCase(),
          `持证主体代码（公民身份号码）${describeReason(r.reason, 'zh')}`,
          `holder code (ID number): ${describeReason(r.reason, 'en')}`,
        ),
      );
  } else {
    const r = validateUscc(input.holder.code);
    if (!r.ok)
      out.push(
        problem(
          'holder.code',
          r.reason.toUpperCase(),
          `持证主体代码（统一社会信用代码）${describeReason(r.reason, 'zh')}`,
          `holder code (credit code): ${describeReason(r.reason, 'en')}`,
        ),
      );
  }
  if (!isDay(input.issuedOn))
    out.push(problem('issuedOn', 'DATE', '颁发日期不是有效日期', 'issuedOn is not a valid date'));
  else if (input.issuedOn > today)
    out.push(problem('issuedOn', 'FUTURE', '颁发日期不能晚于今天', 'issuedOn is after today'));
  if (input.validFrom !== undefined && !isDay(input.validFrom))
    out.push(problem('validFrom', 'DATE', '有效期起不是有效日期', 'validFrom is not a valid date'));
  const known = new Set(type.fields.map((f) => f.name));
  for (const name of Object.keys(input.data))
    if (!known.has(name))
      out.push(
        problem(`data.${name}`, 'UNKNOWN', `证照类型没有信息项“${name}”`, `The type has no field ${name}`),
      );
  for (const f of type.fields) {
    const field = `data.${f.name}`;
    const v = input.data[f.name];
    if (v === undefined || v === '') {
      if (f.required)
        out.push(problem(field, 'REQUIRED', `缺少必填信息项“${f.name}”`, `${f.name} is required`));
      continue;
    }
    const ok =
      f.dataType === 'C'
        ? typeof v === 'string'
        : f.dataType === 'N'
          ? typeof v === 'number'
          : f.dataType === 'L'
            ? typeof v === 'boolean'
            : typeof v === 'string' && isDay(v);
    if (!ok) {
      out.push(
        problem(
          field,
          'TYPE',
          `信息项“${f.name}”应为 ${f.dataType} 类型`,
          `${f.name} must be of type ${f.dataType}`,
        ),
      );
      continue;
    }
    if (f.tag === 'id_card') {
      const r = validateIdCard(v, { today });
      if (!r.ok)
        out.push(
          problem(
            field,
            r.reason.toUpperCase(),
            `${f.name}${describeReason(r.reason, 'zh')}`,
            `${f.name}: ${describeReason(r.reason, 'en')}`,
          ),
        );
    }
  }
  return out;
}

/** One license ready to insert, sealed. */
export function sealLicense(
  type: TypeRow,
  issuer: Department,
  keys: { privateKey: string; publicKey: string },
  input: LicenseIssueInputT,
  /** The serial number, or the serial and version of a re-issue (换发) of an existing license. */
  serial: number | { serial: string; version: number },
  issuedBy: string | null,
  status: { status: 'valid' | 'suspended' | 'revoked'; reason: string | null } = {
    status: 'valid',
    reason: null,
  },
): NewLicense {
  const serialText = typeof serial === 'number' ? String(serial).padStart(8, '0') : serial.serial;
  const version = typeof serial === 'number' ? 1 : serial.version;
  const id = makeLicenseId({ typeCode: type.code, issuerUscc: issuer.uscc, serial: serialText, version });
  const holderCode = input.holder.code.toUpperCase();
  const validFrom = input.validFrom ?? input.issuedOn;
  const validUntil = validUntilOf(validFrom, type.validity_years);
  const salt = newSalt();
  const payload = signedPayload(
    {
      licenseId: id,
      typeCode: type.code,
      typeName: type.name,
      number: input.number,
      holder: { kind: type.holder_kind, code: holderCode, name: input.holder.name },
      issuer: { name: issuer.name, code: issuer.uscc },
      issuedOn: input.issuedOn,
      validFrom,
      validUntil,
      version,
      data: input.data,
    },
    type.fields,
    salt,
  );
  return {
    id,
    type_code: type.code,
    department_id: issuer.id,
    serial: serialText,
    version,
    number: input.number,
    holder_kind: type.holder_kind,
    holder_code: holderCode,
    holder_name: input.holder.name,
    issued_on: input.issuedOn,
    valid_from: validFrom,
    valid_until: validUntil,
    data: input.data,
    content_salt: salt,
    payload,
    signature: signPayload(payload, keys),
    public_key: keys.publicKey,
    status: status.status,
    status_reason: status.reason,
    issued_by: issuedBy,
  };
}

export type StatusAction = 'suspend' | 'revoke' | 'restore';

// From which stored status each act may start, and where it leads. Revocation is final.
const TRANSITIONS: Record<StatusAction, { from: readonly string[]; to: 'valid' | 'suspended' | 'revoked' }> =
  {
    suspend: { from: ['valid'], to: 'suspended' },
    revoke: { from: ['valid', 'suspended'], to: 'revoked' },
    restore: { from: ['suspended'], to: 'valid' },
  };

/** Issuing (颁发) and the status acts: suspend (暂停), revoke (撤销), restore (恢复). */
export class LicenseIssuer {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly keys: IssuerKeys,
  ) {}

  /** Whether no license has been issued yet (the demo seeds only an empty library). */
  async isEmpty(): Promise<boolean> {
    return (await licenseRepo.countLicenses(this.db)) === 0;
  }

  /** What is wrong with an issue request for this type (empty when nothing): for callers that sift candidates. */
  problems(type: TypeRow, input: LicenseIssueInputT): FieldError[] {
    return issueProblems(type, input, chinaToday());
  }

  /** Issues version 001 of a license of `type` (already authorized for its department); its identifier. */
  async issue(actor: Actor, type: TypeRow, input: LicenseIssueInputT): Promise<string> {
    const today = chinaToday();
    const problems = issueProblems(type, input, today);
    if (problems.length) throw validationError(problems);
    return this.db.transaction((tx) => this.issueIn(tx, actor, type, input));
  }

  /**
   * Issues inside the caller's transaction (the case engine's 准予 issues its result license in the same
   * transaction as the decision); the input must be free of `problems` already.
   */
  async issueIn(tx: Queryable, actor: Actor, type: TypeRow, input: LicenseIssueInputT): Promise<string> {
    const issuer = await this.org.get(type.department_id, tx);
    const keys = await this.keys.keyFor(tx, issuer.id);
    const serial = await licenseRepo.takeSerials(tx, type.code, 1);
    const row = sealLicense(type, issuer, keys, input, serial, actor.name);
    await licenseRepo.insertLicenses(tx, [row], [event(row.id, 'issue', null, 'valid', null, actor)]);
    await this.audit.record(
      actor,
      {
        action: 'license.issue',
        objectType: 'license',
        objectId: row.id,
        departmentId: issuer.id,
        outcome: 'success',
        details: { typeCode: type.code, number: row.number, keys: [row.holder_code] },
      },
      tx,
    );
    return row.id;
  }

  /**
   * 换发: a new version of a license (same serial, the next version number, a new identifier and signature) with
   * the data as it is now; the old version is revoked, its signed payload untouched. Returns the new identifier.
   */
  async reissue(
    actor: Actor,
    type: TypeRow,
    old: LicenseRow,
    input: LicenseIssueInputT,
    reason: string,
  ): Promise<string> {
    const problems = issueProblems(type, input, chinaToday());
    if (old.holder_code !== input.holder.code.toUpperCase())
      problems.push(
        problem(
          'holder.code',
          'HOLDER_CHANGED',
          '换发不能更换持证主体，请颁发新证照',
          'A re-issue keeps the holder; issue a new license instead',
        ),
      );
    if (problems.length) throw validationError(problems);
    if (old.status === 'revoked' || old.version >= 999)
      throw new AppError('LICENSE_STATUS_CONFLICT', {
        licenseId: old.id,
        status: old.status,
        action: 'reissue',
      });
    const issuer = await this.org.get(type.department_id);
    return this.db.transaction(async (tx) => {
      const locked = await licenseRepo.licenseById(tx, old.id, true);
      if (!locked || locked.status === 'revoked')
        throw new AppError('LICENSE_STATUS_CONFLICT', { licenseId: old.id, action: 'reissue' });
      const keys = await this.keys.keyFor(tx, issuer.id);
      const row = sealLicense(
        type,
        issuer,
        keys,
        input,
        { serial: old.serial, version: old.version + 1 },
        actor.name,
      );
      const why = `换发：${reason}（新版本 ${row.id}）`;
      await licenseRepo.insertLicenses(tx, [row], [event(row.id, 'issue', null, 'valid', reason, actor)]);
      await licenseRepo.setStatus(tx, old.id, 'revoked', why);
      await licenseRepo.insertEvents(tx, [event(old.id, 'revoke', locked.status, 'revoked', why, actor)]);
      await this.audit.record(
        actor,
        {
          action: 'license.reissue',
          objectType: 'license',
          objectId: row.id,
          departmentId: issuer.id,
          outcome: 'success',
          details: { previous: old.id, version: row.version, reason, keys: [row.holder_code] },
        },
        tx,
      );
      return row.id;
    });
  }

  async changeStatus(actor: Actor, licenseId: string, action: StatusAction, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await licenseRepo.licenseById(tx, licenseId, true);
      if (!row) throw new AppError('LICENSE_NOT_FOUND', { licenseId });
      const t = TRANSITIONS[action];
      if (!t.from.includes(row.status))
        throw new AppError('LICENSE_STATUS_CONFLICT', { licenseId, status: row.status, action });
      await licenseRepo.setStatus(tx, licenseId, t.to, reason);
      await licenseRepo.insertEvents(tx, [event(licenseId, action, row.status, t.to, reason, actor)]);
      await this.audit.record(
        actor,
        {
          action: `license.${action}`,
          objectType: 'license',
          objectId: licenseId,
          departmentId: row.department_id,
          outcome: 'success',
          details: { from: row.status, to: t.to, reason, keys: [row.holder_code] },
        },
        tx,
      );
    });
  }

  /**
   * The demo's licenses, set-based: serials reserved per type, every license sealed in memory, then one statement
   * for the licenses and one for their history. Nothing is done when licenses exist already (idempotent, and the
   * signing is not paid twice).
   */
  async seed(
    actor: Actor,
    types: Map<string, TypeRow>,
    specs: {
      typeCode: string;
      input: LicenseIssueInputT;
      status: 'valid' | 'suspended' | 'revoked';
      reason: string | null;
    }[],
  ): Promise<number> {
    if (!(await this.isEmpty())) return 0;
    const today = chinaToday();
    const issuers = await this.org.getMany([...types.values()].map((t) => t.department_id));
    return this.db.transaction(async (tx) => {
      const next = new Map<string, number>();
      for (const code of new Set(specs.map((s) => s.typeCode))) {
        const count = specs.filter((s) => s.typeCode === code).length;
        next.set(code, await licenseRepo.takeSerials(tx, code, count));
      }
      const rows: NewLicense[] = [];
      const events: NewEvent[] = [];
      for (const s of specs) {
        const type = types.get(s.typeCode)!;
        const problems = issueProblems(type, s.input, today);
        if (problems.length) throw validationError(problems);
        const issuer = issuers.get(type.department_id)!;
        const keys = await this.keys.keyFor(tx, issuer.id);
        const serial = next.get(s.typeCode)!;
        next.set(s.typeCode, serial + 1);
        const row = sealLicense(type, issuer, keys, s.input, serial, actor.name, s);
        rows.push(row);
        events.push(event(row.id, 'issue', null, 'valid', null, actor));
        if (s.status === 'revoked' || s.status === 'suspended')
          events.push(
            event(row.id, s.status === 'revoked' ? 'revoke' : 'suspend', 'valid', s.status, s.reason, actor),
          );
      }
      const added = await licenseRepo.insertLicenses(tx, rows, events);
      await this.audit.record(
        actor,
        { action: 'license.seed', objectType: 'license', outcome: 'success', details: { added } },
        tx,
      );
      return added;
    });
  }
}

function event(
  licenseId: string,
  action: NewEvent['action'],
  from: string | null,
  to: string,
  reason: string | null,
  actor: Actor,
): NewEvent {
  return {
    license_id: licenseId,
    action,
    from_status: from,
    to_status: to,
    reason,
    actor_id: actor.id,
    actor_name: actor.name,
  };
}
