/**
 * Editing the service item catalogue (事项目录): a department's steward (or the operator) creates an item as a draft,
 * edits it, and publishes it; editing a published item opens the next version as a draft while the public keeps
 * seeing the published one, and publishing it makes a new version (the old one superseded, still readable).
 */
import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import { segment } from '../../lib/text.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { Resource } from '../catalog/index.ts';
import type { Department } from '../org/index.ts';
import { LinkChecker, type LinkDeps } from './links.ts';
import { inputOf, type StoredItem } from './presenters.ts';
import { serviceRepo, type Shown } from './repo.ts';
import { basicCodeOf, type Problem } from './rules.ts';
import type { ServiceItemInputT } from './schema.ts';
import { kindName } from './vocab.ts';

/** Items per statement when seeding. */
const SEED_BATCH = 500;

/** The AppError of a list of problems: the first one's code, every field listed. */
export function problemsError(problems: Problem[]): AppError {
  const first = problems[0]!;
  return new AppError(first.error, {
    field: first.field,
    fields: problems.map(({ field, code, message }) => ({ field, code, message })),
  });
}

/** The columns readers search and filter on. */
export function shownOf(
  body: StoredItem,
  dept: Department | undefined,
  seg: (text: string) => string[] = segment,
): Shown {
  const words = (texts: (string | null | undefined)[]) =>
    [...new Set(texts.flatMap((t) => (t ? seg(t) : [])))].join(' ');
  return {
    name: body.name,
    kind: body.kind,
    departmentId: body.departmentId,
    online: body.channels.includes('online'),
    visits: body.visits,
    promisedDays: body.promisedDays,
    materialCount: body.materials.length,
    sharedCount: body.materials.filter((m) => m.source !== 'applicant').length,
    a: words([body.name]),
    b: [
      body.code.toLowerCase(),
      basicCodeOf(body.code),
      words([dept?.name, dept?.shortName, kindName(body.kind), body.resultLicense?.name]),
    ].join(' '),
    c: words(body.materials.map((m) => m.name)),
  };
}

export class ServiceCatalogue {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly deps: LinkDeps,
  ) {}

  /** Checks an item and its links; the stored body, or the first problem's AppError listing all of them. */
  async check(input: ServiceItemInputT): Promise<{ body: StoredItem; dept: Department }> {
    // Outside any transaction: the other modules' services read on their own connection.
    const links = await LinkChecker.load(this.deps, [input]);
    const problems = links.problems(input);
    if (problems.length) throw problemsError(problems);
    return { body: links.resolve(input), dept: links.departments.get(input.departmentId)! };
  }

  async create(actor: Actor, input: ServiceItemInputT): Promise<string> {
    const { body, dept } = await this.check(input);
    return this.db.transaction(async (tx) => {
      if (await serviceRepo.codeTaken(tx, input.code, null))
        throw new AppError('SERVICE_ITEM_CODE_TAKEN', { field: 'code', code: input.code });
      const id = await serviceRepo.insertItem(tx, {
        code: input.code,
        shown: shownOf(body, dept),
        body,
        actorName: actor.name,
      });
      await this.audit.record(
        actor,
        {
          action: 'service.item.create',
          objectType: 'service_item',
          objectId: id,
          departmentId: dept.id,
          outcome: 'success',
          details: { code: input.code, name: input.name, version: 1 },
        },
        tx,
      );
      return id;
    });
  }

  /**
   * Saves an edit: a draft in place; a published item gets the next version as a draft. The department may change
   * only while nothing is published (the route checks the caller may edit in both). Returns the version saved.
   */
  async update(actor: Actor, id: string, input: ServiceItemInputT): Promise<number> {
    const { body, dept } = await this.check(input);
    return this.db.transaction(async (tx) => {
      const row = await serviceRepo.byId(tx, id, true);
      if (!row) throw new AppError('SERVICE_ITEM_NOT_FOUND', { id });
      if (row.published_version !== null && input.code !== row.code)
        throw problemsError([
          {
            error: 'SERVICE_ITEM_CODE_INVALID',
            field: 'code',
            code: 'IMMUTABLE',
            message: {
              zh: '已发布事项的实施编码不能修改；请新建事项',
              en: 'A published item’s code cannot change; create a new item',
            },
          },
        ]);
      if (await serviceRepo.codeTaken(tx, input.code, id))
        throw new AppError('SERVICE_ITEM_CODE_TAKEN', { field: 'code', code: input.code });
      let version = row.current_version;
      if (row.status === 'draft') await serviceRepo.updateVersion(tx, id, version, body);
      else {
        version += 1;
        await serviceRepo.insertVersion(tx, id, version, body, actor.name);
        await serviceRepo.setState(tx, id, { status: 'draft', currentVersion: version });
      }
      // Readers keep the published version until the revision is published.
      if (row.published_version === null)
        await serviceRepo.updateShown(tx, id, input.code, shownOf(body, dept));
      await this.audit.record(
        actor,
        {
          action: 'service.item.update',
          objectType: 'service_item',
          objectId: id,
          departmentId: dept.id,
          outcome: 'success',
          details: { code: input.code, name: input.name, version },
        },
        tx,
      );
      return version;
    });
  }

  /** Publishes the current draft: a new published version, the previous one superseded. */
  async publish(actor: Actor, id: string): Promise<number> {
    const before = await serviceRepo.byId(this.db, id);
    if (!before) throw new AppError('SERVICE_ITEM_NOT_FOUND', { id });
    if (before.status !== 'draft') throw new AppError('SERVICE_ITEM_NOTHING_TO_PUBLISH', { id });
    const draft = (await serviceRepo.version(this.db, id, before.current_version))!;
    // The links are checked again: a resource or license type may have gone since the draft was saved.
    const { body, dept } = await this.check(inputOf(draft.body));
    return this.db.transaction(async (tx) => {
      const row = await serviceRepo.byId(tx, id, true);
      const v = row && (await serviceRepo.version(tx, id, row.current_version));
      // Edited or published meanwhile: the caller publishes what it has seen, or nothing.
      if (!row || !v || row.status !== 'draft' || v.updated_at.getTime() !== draft.updated_at.getTime())
        throw new AppError('SERVICE_ITEM_NOTHING_TO_PUBLISH', { id });
      const version = row.current_version;
      await serviceRepo.updateVersion(tx, id, version, body);
      await serviceRepo.publishVersion(tx, id, version, row.published_version, actor.name);
      await serviceRepo.setState(tx, id, {
        status: 'published',
        currentVersion: version,
        publishedVersion: version,
      });
      await serviceRepo.updateShown(tx, id, row.code, shownOf(body, dept));
      await this.audit.record(
        actor,
        {
          action: 'service.item.publish',
          objectType: 'service_item',
          objectId: id,
          departmentId: row.department_id,
          outcome: 'success',
          details: { code: row.code, name: body.name, version },
        },
        tx,
      );
      return version;
    });
  }

  /** Whether the catalogue has no item at all (the demo seeds only into an empty one). */
  async isEmpty(): Promise<boolean> {
    return (await serviceRepo.count(this.db)) === 0;
  }

  /**
   * Loads published items in bulk (the demo city): only into an empty catalogue, every item checked as a steward's
   * would be (any problem refuses the load, named `items.<index>.<field>`), SEED_BATCH items per statement, one
   * audit entry. Returns how many were added.
   */
  async seedPublished(
    actor: Actor,
    inputs: ServiceItemInputT[],
    options: {
      onProgress?: (done: number, total: number) => void;
      /** The published catalog as the caller has just read it through the catalog service. */
      published?: readonly Resource[];
    } = {},
  ): Promise<number> {
    if ((await serviceRepo.count(this.db)) > 0) return 0;
    const links = await LinkChecker.load(this.deps, inputs, options.published);
    const problems: Problem[] = [];
    const codes = new Set<string>();
    // Material and department names repeat across thousands of items: each is segmented once.
    const segmented = new Map<string, string[]>();
    const seg = (text: string) => {
      let words = segmented.get(text);
      if (!words) segmented.set(text, (words = segment(text)));
      return words;
    };
    const rows = inputs.map((input, i) => {
      for (const p of links.problems(input)) problems.push({ ...p, field: `items.${i}.${p.field}` });
      if (codes.has(input.code))
        problems.push({
          error: 'SERVICE_ITEM_CODE_TAKEN',
          field: `items.${i}.code`,
          code: 'DUPLICATE',
          message: { zh: `实施编码重复：${input.code}`, en: `Duplicate code: ${input.code}` },
        });
      codes.add(input.code);
      const body = links.resolve(input);
      return { code: input.code, body, shown: shownOf(body, links.departments.get(input.departmentId), seg) };
    });
    if (problems.length) throw problemsError(problems);
    // The day the city presented its 7,505 items.
    const publishedAt = new Date('2018-11-23T09:00:00+08:00');
    await this.db.transaction(
      async (tx) => {
        for (let done = 0; done < rows.length;) {
          const batch = rows.slice(done, done + SEED_BATCH);
          await serviceRepo.insertPublished(tx, batch, { actorName: actor.name, publishedAt });
          done += batch.length;
          options.onProgress?.(done, rows.length);
        }
        await this.audit.record(
          actor,
          {
            action: 'service.item.seed',
            objectType: 'service_catalogue',
            outcome: 'success',
            details: {
              items: rows.length,
              departments: new Set(inputs.map((i) => i.departmentId)).size,
              materials: rows.reduce((n, r) => n + r.body.materials.length, 0),
            },
          },
          tx,
        );
      },
      { bulk: true },
    );
    return rows.length;
  }
}
