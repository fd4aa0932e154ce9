import type { Db, Queryable } from '../../db/index.ts';
import { AppError, validationError, type FieldError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { CreditPresenter } from './presenters.ts';
import { creditRepo, type ListRow, type NewListEntry } from './repo.ts';
import { problem, subjectCodeProblem } from './rules.ts';
import type { CreditListEntryInputT, CreditListEntryT, CreditListQueryT } from './schema.ts';

/** 红名单 / 黑名单 (守信激励与失信惩戒): entries added and removed by the listing department's steward, audited. */
export class CreditLists {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly present: CreditPresenter,
  ) {}

  problems(input: CreditListEntryInputT, today = chinaToday()): FieldError[] {
    const out: FieldError[] = [];
    const code = subjectCodeProblem('subjectCode', input.subjectCategory, input.subjectCode, today);
    if (code) out.push(code);
    if (input.validUntil !== undefined && input.validUntil < input.listedOn)
      out.push(
        problem('validUntil', 'BEFORE_START', '有效期至早于列入日期', 'validUntil is before listedOn'),
      );
    return out;
  }

  static row(input: CreditListEntryInputT, departmentId: string, by: string | null): NewListEntry {
    return {
      list_kind: input.listKind,
      list_name: input.listName,
      department_id: departmentId,
      subject_name: input.subjectName,
      subject_category: input.subjectCategory,
      subject_code: input.subjectCode.toUpperCase(),
      basis: input.basis,
      listed_on: input.listedOn,
      valid_until: input.validUntil ?? null,
      created_by: by,
    };
  }

  async add(actor: Actor, departmentId: string, input: CreditListEntryInputT): Promise<CreditListEntryT> {
    const problems = this.problems(input);
    if (problems.length) throw validationError(problems);
    const row = CreditLists.row(input, departmentId, actor.name);
    const id = await this.db.transaction(async (tx) => {
      const [added] = await creditRepo.insertListEntries(tx, [row]);
      await this.audit.record(
        actor,
        {
          action: 'credit.list.add',
          objectType: 'credit_list_entry',
          objectId: added!,
          departmentId,
          outcome: 'success',
          details: { listKind: input.listKind, listName: input.listName, keys: [row.subject_code] },
        },
        tx,
      );
      return added!;
    });
    return this.view(await this.find(id));
  }

  /** Ends an entry (移出) on a day (default today), with the reason; an entry already removed is a 409. */
  async remove(actor: Actor, entry: ListRow, reason: string, removedOn?: string): Promise<CreditListEntryT> {
    const day = removedOn ?? chinaToday();
    await this.db.transaction(async (tx) => {
      const row = await creditRepo.listEntryById(tx, entry.id, true);
      if (!row) throw new AppError('CREDIT_LIST_ENTRY_NOT_FOUND', { id: entry.id });
      if (row.removed_on !== null) throw new AppError('CREDIT_LIST_ENTRY_REMOVED', { id: entry.id });
      if (day < row.listed_on)
        throw validationError([
          problem('removedOn', 'BEFORE_START', '移出日期早于列入日期', 'removedOn is before the listing day'),
        ]);
      await creditRepo.removeListEntry(tx, row.id, day, reason);
      await this.audit.record(
        actor,
        {
          action: 'credit.list.remove',
          objectType: 'credit_list_entry',
          objectId: row.id,
          departmentId: row.department_id,
          outcome: 'success',
          details: { listKind: row.list_kind, listName: row.list_name, keys: [row.subject_code] },
        },
        tx,
      );
    });
    return this.view(await this.find(entry.id));
  }

  /** Many entries in one statement and one audit entry (the demo city); each checked like `add`. */
  async seed(
    actor: Actor,
    entries: { departmentId: string; input: CreditListEntryInputT }[],
  ): Promise<number> {
    const today = chinaToday();
    for (const e of entries) {
      const problems = this.problems(e.input, today);
      if (problems.length) throw validationError(problems);
    }
    if (!entries.length) return 0;
    return this.db.transaction(async (tx) => {
      const ids = await creditRepo.insertListEntries(
        tx,
        entries.map((e) => CreditLists.row(e.input, e.departmentId, actor.name)),
      );
      await this.audit.record(
        actor,
        {
          action: 'credit.list.seed',
          objectType: 'credit_list_entry',
          outcome: 'success',
          details: { added: ids.length },
        },
        tx,
      );
      return ids.length;
    });
  }

  async isEmpty(): Promise<boolean> {
    return (await creditRepo.countListEntries(this.db)) === 0;
  }

  async find(id: string, q: Queryable = this.db): Promise<ListRow> {
    const row = await creditRepo.listEntryById(q, id);
    if (!row) throw new AppError('CREDIT_LIST_ENTRY_NOT_FOUND', { id });
    return row;
  }

  async view(row: ListRow): Promise<CreditListEntryT> {
    const [view] = await this.present.listEntries([row], chinaToday());
    return view!;
  }

  async list(query: CreditListQueryT): Promise<{ items: CreditListEntryT[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const today = chinaToday();
    const q = query.q?.trim();
    const code = q && /^[0-9A-Za-z]{18}$/.test(q) ? q.toUpperCase() : undefined;
    const rows = await creditRepo.listEntries(
      this.db,
      { listKind: query.listKind, status: query.status, text: code ? undefined : q, code },
      today,
      limit,
      query.after,
    );
    const page = rows.slice(0, limit);
    return {
      items: await this.present.listEntries(page, today),
      nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  }
}
