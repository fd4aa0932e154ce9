import type { Db } from '../../db/index.ts';
import { describeCap, WorkbookCapExceeded, type WorkbookCaps } from '../../lib/workbook-caps.ts';
import { AppError, type Lang } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { OrgService } from '../org/index.ts';
import { toDcatJsonLd, toDcatTurtle, type DcatCatalogInfo } from './dcat.ts';
import { ITEM_SHEET, RESOURCE_SHEET, writeCatalogWorkbook, type CatalogRow } from './excel.ts';
import { WorkbookParser } from './excel/pool.ts';
import type { ImportError, ImportReport, Resource, SearchQuery } from './schema.ts';
import { checkResource, type CatalogService, type Visibility } from './service.ts';

/** Where a service-level field error lands in the workbook. */
const FIELD_COLUMN: Record<string, [string, string]> = {
  classCode: [RESOURCE_SHEET, '信息资源分类代码'],
  sharingCondition: [RESOURCE_SHEET, '共享条件'],
  openCondition: [RESOURCE_SHEET, '开放条件'],
  openType: [RESOURCE_SHEET, '开放属性'],
  items: [ITEM_SHEET, '是否主键'],
};

// Thrown inside the import transaction to roll a dry run (or a failed run) back after counting.
class Rollback extends Error {}

const toRow = (r: Resource): CatalogRow => ({
  code: r.code,
  departmentName: r.departmentName,
  departmentCode: r.departmentCode,
  publishDate: r.publishDate,
  name: r.name,
  classCode: r.classCode,
  summary: r.summary,
  formatCategory: r.formatCategory,
  formatDetail: r.formatDetail,
  sharingType: r.sharingType,
  sharingCondition: r.sharingCondition,
  sharingMethod: r.sharingMethod,
  openType: r.openType,
  openCondition: r.openCondition,
  updateCycle: r.updateCycle,
  relatedCodes: r.relatedCodes,
  contactName: r.contactName,
  contactPhone: r.contactPhone,
  items: r.items.map(({ position: _position, ...item }) => item),
});

/** How imports read workbooks: the caps, and how many are read at once (each in a worker thread). */
export interface TransferOptions {
  caps: WorkbookCaps;
  threads: number;
}

// A reader thread's heap: the caps keep a legitimate catalog far below it, so only a hostile file reaches it.
const READER_HEAP_MB = 1024;

/** The catalog's exchange formats: the Excel round trip and the DCAT-AP export. */
export class CatalogTransfer {
  /** Reads imported workbooks off the event loop. */
  readonly parser: WorkbookParser;

  constructor(
    private readonly db: Db,
    private readonly catalog: CatalogService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    options: TransferOptions,
  ) {
    this.parser = new WorkbookParser({ ...options, heapMb: READER_HEAP_MB });
  }

  /** Stops the reader threads (the server calls this as it closes). */
  async close(): Promise<void> {
    await this.parser.close();
  }

  /** Reads the workbook in a reader thread; a cap passed or a reader out of memory is a 413 WORKBOOK_TOO_LARGE. */
  private async read(data: Buffer, lang: Lang) {
    try {
      return await this.parser.parse(data, lang);
    } catch (e) {
      if (e instanceof WorkbookCapExceeded)
        throw new AppError('WORKBOOK_TOO_LARGE', { ...e.passed }, describeCap(e.passed, lang));
      if ((e as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY')
        throw new AppError('WORKBOOK_TOO_LARGE', { cap: 'memory' });
      throw e;
    }
  }

  async exportWorkbook(
    actor: Actor,
    query: SearchQuery,
    visibility: Visibility,
  ): Promise<{ file: Buffer; count: number }> {
    const resources = await this.catalog.exportResources(query, visibility);
    const file = await writeCatalogWorkbook(resources.map(toRow));
    await this.audit.record(actor, {
      action: 'catalog.export',
      objectType: 'catalog',
      outcome: 'success',
      details: { resources: resources.length, filters: { ...query } },
    });
    return { file, count: resources.length };
  }

  /**
   * Validates a workbook and, unless `dryRun`, applies it: rows without a code create drafts, rows with a
   * code revise that resource (a new version when it is published), unchanged rows change nothing. All or
   * nothing: one transaction, rolled back on any error (and always for a dry run, after counting).
   * `mayEdit` says whether the caller may edit a department's resources.
   */
  async importWorkbook(
    actor: Actor,
    data: Buffer,
    options: { dryRun: boolean; lang: Lang; mayEdit: (departmentId: string) => boolean },
  ): Promise<ImportReport> {
    const zh = options.lang === 'zh';
    const parsed = await this.read(data, options.lang);
    const report: ImportReport = {
      applied: false,
      created: 0,
      revised: 0,
      unchanged: 0,
      errors: parsed.errors,
    };
    if (parsed.errors.some((e) => e.code === 'file')) throw new AppError('CATALOG_FILE_INVALID');
    if (parsed.errors.length) return report;

    const errors: ImportError[] = [];
    const err = (row: number, column: string, code: string, message: string, sheet = RESOURCE_SHEET) =>
      errors.push({ sheet, row, column, code, message });
    const depts = new Map<string, string>();
    for (const r of parsed.resources) {
      if (depts.has(r.departmentCode)) continue;
      const d = await this.org.findByKeyOrId(r.departmentCode);
      if (d) depts.set(r.departmentCode, d.id);
    }

    try {
      await this.db.transaction(async (t) => {
        for (const r of parsed.resources) {
          const departmentId = depts.get(r.departmentCode);
          if (!departmentId) {
            err(
              r.row,
              '提供方代码',
              'unknown_department',
              zh
                ? `没有统一社会信用代码为 ${r.departmentCode} 的部门`
                : `No department has the credit code ${r.departmentCode}`,
            );
            continue;
          }
          if (!options.mayEdit(departmentId)) {
            err(
              r.row,
              '提供方代码',
              'forbidden',
              zh ? '无权登记或修改该部门的信息资源' : "You may not edit this department's resources",
            );
            continue;
          }
          const {
            code,
            placeholder: _placeholder,
            row: _row,
            departmentCode: _dc,
            departmentName: _dn,
            ...fields
          } = r;
          const input = { ...fields, departmentId };
          const before = errors.length;
          for (const f of checkResource(input)) {
            const [sheet, column] = FIELD_COLUMN[f.field.split('.')[0]!] ?? [RESOURCE_SHEET, f.field];
            err(r.row, column, f.code, f.message[options.lang], sheet);
          }
          // This row is broken: report it and go on checking the others; nothing is applied in the end.
          if (errors.length > before) continue;
          try {
            if (code === null) {
              await this.catalog.createIn(t, actor, input, 'import');
              report.created += 1;
              continue;
            }
            const existing = await this.catalog.findForImport(t, code);
            if (!existing) {
              err(
                r.row,
                '信息资源代码',
                'unknown_code',
                zh ? `信息资源代码 ${code} 不存在` : `No resource has the code ${code}`,
              );
              continue;
            }
            if (!options.mayEdit(existing.departmentId)) {
              err(
                r.row,
                '信息资源代码',
                'forbidden',
                zh ? '无权修改该信息资源' : 'You may not edit this resource',
              );
              continue;
            }
            const outcome = await this.catalog.updateIn(t, actor, existing.id, input, 'import');
            report[outcome === 'changed' ? 'revised' : 'unchanged'] += 1;
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            err(r.row, '信息资源代码', e.code, e.localized(options.lang));
          }
        }
        if (errors.length || options.dryRun) throw new Rollback();
        await this.audit.record(
          actor,
          {
            action: 'catalog.import',
            objectType: 'catalog',
            outcome: 'success',
            details: { created: report.created, revised: report.revised, unchanged: report.unchanged },
          },
          t,
        );
      });
      report.applied = true;
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    report.errors = errors;
    if (errors.length) report.created = report.revised = report.unchanged = 0;
    return report;
  }

  async dcat(format: 'jsonld' | 'ttl', baseUrl: string): Promise<object | string> {
    const resources = await this.catalog.publishedResources();
    const operator = await this.org.findByKeyOrId('xxzx');
    const modified = resources.reduce(
      (m, r) => (r.updatedAt > m ? r.updatedAt : m),
      '1970-01-01T00:00:00.000Z',
    );
    const info: DcatCatalogInfo = {
      baseUrl,
      title: '政务信息资源目录',
      titleEn: 'Government information resource catalog',
      description: '本市各部门政务信息资源的目录：提供方、格式、信息项、共享与开放属性、更新周期。',
      publisherName: operator?.name ?? '通办平台',
      publisherCode: operator?.uscc ?? '',
      modified,
    };
    return format === 'jsonld' ? toDcatJsonLd(info, resources) : toDcatTurtle(info, resources);
  }
}
