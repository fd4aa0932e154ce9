import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makeUscc } from '../../src/lib/validators/index.ts';
import {
  ITEM_COLUMNS,
  ITEM_SHEET,
  RESOURCE_COLUMNS,
  RESOURCE_SHEET,
  readCatalogWorkbook,
  writeCatalogWorkbook,
  type CatalogRow,
  type ParsedResource,
} from '../../src/modules/catalog/excel.ts';
import type { ImportError, ItemInput } from '../../src/modules/catalog/schema.ts';
import {
  DATA_TYPES,
  FORMATS,
  OPEN_TYPES,
  SEMANTIC_TAGS,
  SHARING_METHODS,
  SHARING_TYPES,
  UPDATE_CYCLES,
} from '../../src/modules/catalog/vocab.ts';

const DEPT = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '320700',
  orgCodeBody8: '01234567',
});
const OTHER_DEPT = makeUscc({
  registrationAuthority: '1',
  orgType: '2',
  regionCode: '320706',
  orgCodeBody8: 'MB0000AB',
});

function makeItem(n: number, overrides: Partial<ItemInput> = {}): ItemInput {
  return {
    name: `信息项${n}`,
    dataType: 'C',
    length: 20,
    required: n === 1,
    description: null,
    semanticTag: null,
    isKey: n === 1,
    sensitive: false,
    ...overrides,
  };
}

function makeRow(n: number, overrides: Partial<CatalogRow> = {}): CatalogRow {
  return {
    code: `307001/${String(n).padStart(6, '0')}`,
    name: `企业登记信息${n}`,
    classCode: '307001',
    departmentName: '连云港市市场监督管理局',
    departmentCode: DEPT,
    summary: `市场主体登记的基本信息（第 ${n} 项）`,
    formatCategory: 'database',
    formatDetail: 'CSV',
    sharingType: 'unconditional',
    sharingCondition: null,
    sharingMethod: 'api',
    openType: 'closed',
    openCondition: null,
    updateCycle: 'daily',
    relatedCodes: [],
    contactName: null,
    contactPhone: null,
    publishDate: null,
    items: [makeItem(1), makeItem(2)],
    ...overrides,
  };
}

/** What the reader gives back for a written row: no publish date, the code kept, no placeholder. */
function expected(row: CatalogRow, sheetRow: number): ParsedResource {
  const { publishDate: _publishDate, ...rest } = row;
  return { ...rest, placeholder: null, row: sheetRow };
}

const where = (errors: ImportError[]) =>
  errors.map(({ sheet, row, column, code }) => ({ sheet, row, column, code }));

describe('catalog workbook round trip', () => {
  it('reads back every field of what it wrote, nulls and empty strings included', async () => {
    const rows: CatalogRow[] = [
      makeRow(1, {
        name: '连云港市企业（法人）登记信息——含分支机构',
        summary: '第一行：市场主体登记信息。\n第二行：含“变更”与“注销”记录。\n\n第四行',
        formatDetail: '',
        sharingType: 'conditional',
        sharingCondition: '仅用于行政审批\n须经提供方同意',
        openType: 'conditional',
        openCondition: '申请后开放',
        relatedCodes: ['101001/000001', '2030/000123'],
        contactName: '张三',
        contactPhone: '0518-85551234',
        publishDate: '2024-05-01',
        items: [
          makeItem(1, { semanticTag: 'uscc', length: 18, description: '18 位代码' }),
          makeItem(2, { dataType: 'D', length: null, required: false, sensitive: true }),
          makeItem(3, { dataType: 'Y', description: '单位：万元', semanticTag: null }),
        ],
      }),
      makeRow(2, {
        classCode: '101',
        departmentCode: OTHER_DEPT,
        departmentName: '',
        formatCategory: 'electronic_file',
        formatDetail: 'PDF',
        sharingType: 'none',
        sharingCondition: '《中华人民共和国个人信息保护法》第二十八条',
        items: [makeItem(1, { isKey: false })],
      }),
    ];
    // Every value of every list, so each label is written and read back at least once.
    const lists = [FORMATS, SHARING_METHODS, OPEN_TYPES, UPDATE_CYCLES, DATA_TYPES, SEMANTIC_TAGS];
    const longest = Math.max(...lists.map((l) => l.length));
    for (let i = 0; i < longest; i++) {
      const pick = <T extends { value: string }>(list: readonly T[]): T['value'] => {
        const term = list[i % list.length];
        if (term === undefined) throw new Error('empty list');
        return term.value;
      };
      const sharingType = pick(SHARING_TYPES);
      rows.push(
        makeRow(10 + i, {
          classCode: `20${(i % 9) + 1}00${i}`,
          formatCategory: pick(FORMATS),
          sharingType,
          sharingCondition: sharingType === 'unconditional' ? null : '依申请',
          sharingMethod: pick(SHARING_METHODS),
          openType: pick(OPEN_TYPES),
          updateCycle: pick(UPDATE_CYCLES),
          items: [makeItem(1, { dataType: pick(DATA_TYPES), semanticTag: pick(SEMANTIC_TAGS) })],
        }),
      );
    }
    // The most items a resource may have.
    rows.push(
      makeRow(99, {
        items: Array.from({ length: 500 }, (_, i) =>
          makeItem(i + 1, { name: `字段${i + 1}`, length: i + 1, description: i % 2 ? `说明${i}` : null }),
        ),
      }),
    );

    const result = await readCatalogWorkbook(await writeCatalogWorkbook(rows));

    expect(result.errors).toEqual([]);
    expect(result.resources).toEqual(rows.map((row, i) => expected(row, i + 2)));
  });

  it('writes an empty template that reads back as nothing', async () => {
    const result = await readCatalogWorkbook(await writeCatalogWorkbook([]));
    expect(result).toEqual({ resources: [], errors: [] });
  });

  it('rejects a resource written without items', async () => {
    const result = await readCatalogWorkbook(await writeCatalogWorkbook([makeRow(1, { items: [] })]));
    expect(where(result.errors)).toEqual([
      { sheet: RESOURCE_SHEET, row: 2, column: '信息资源代码', code: 'no_items' },
    ]);
    expect(result.resources).toEqual([]);
  });

  it('reads 1,000 resources with 20 items each (20,000 item rows)', async () => {
    const rows = Array.from({ length: 1000 }, (_, r) =>
      makeRow(r + 1, { items: Array.from({ length: 20 }, (_, i) => makeItem(i + 1)) }),
    );
    const result = await readCatalogWorkbook(await writeCatalogWorkbook(rows));
    expect(result.errors).toEqual([]);
    expect(result.resources).toHaveLength(1000);
    expect(result.resources.every((r) => r.items.length === 20)).toBe(true);
    expect(result.resources[999]).toEqual(expected(rows[999] ?? makeRow(0), 1001));
  });
});

describe('catalog workbook layout', () => {
  it('freezes the headers, filters them and puts drop-downs from the hidden code sheet on coded columns', async () => {
    const workbook = new ExcelJS.Workbook();
    // exceljs types its input as an ArrayBuffer.
    await workbook.xlsx.load(new Uint8Array(await writeCatalogWorkbook([makeRow(1), makeRow(2)])).buffer);
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      [RESOURCE_SHEET, 'visible'],
      [ITEM_SHEET, 'visible'],
      ['填写说明', 'visible'],
      ['代码表', 'hidden'],
    ]);

    // exceljs reads data validations into worksheet.dataValidations.model, one entry per cell, but does not type it.
    const validationsOf = (name: string) => {
      const sheet = workbook.getWorksheet(name);
      if (sheet === undefined) throw new Error(`no sheet ${name}`);
      const model = (
        sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }
      ).dataValidations.model;
      return { sheet, model };
    };
    const letter = (headers: readonly string[], header: string) =>
      String.fromCharCode(65 + headers.indexOf(header));

    const resources = validationsOf(RESOURCE_SHEET);
    expect(resources.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(resources.sheet.autoFilter).toBeDefined();
    expect(resources.sheet.getRow(1).values).toEqual([undefined, ...RESOURCE_COLUMNS]);
    expect(resources.sheet.getCell('B1').font.bold).toBe(true);
    for (const header of ['格式分类', '共享类型', '共享方式', '开放属性', '更新周期']) {
      const column = letter(RESOURCE_COLUMNS, header);
      // Rows in use and a margin below them for new entries.
      for (const row of [2, 3, 2002]) {
        const validation = resources.model[`${column}${row}`];
        expect(validation?.type, `${header} row ${row}`).toBe('list');
        expect(validation?.formulae[0]).toMatch(/^'代码表'!\$[A-Z]\$2:\$[A-Z]\$\d+$/);
      }
    }
    for (const header of ['信息资源名称', '摘要', '提供方代码']) {
      expect(resources.model[`${letter(RESOURCE_COLUMNS, header)}2`], header).toBeUndefined();
    }

    const items = validationsOf(ITEM_SHEET);
    expect(items.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(items.sheet.getRow(1).values).toEqual([undefined, ...ITEM_COLUMNS]);
    for (const header of ['数据类型', '是否必填', '是否主键', '是否敏感', '语义标签']) {
      expect(items.model[`${letter(ITEM_COLUMNS, header)}2`]?.type, header).toBe('list');
    }
    expect(items.sheet.getCell('D2').value).toBe('C 字符型');
    expect(items.sheet.getCell('F2').value).toBe('是');

    // The drop-down for 格式分类 points at the labels on the code sheet.
    const codes = workbook.getWorksheet('代码表');
    const range = /\$([A-Z])\$2:\$[A-Z]\$(\d+)$/.exec(String(resources.model['H2']?.formulae[0]));
    const [column, last] = [range?.[1] ?? '', Number(range?.[2])];
    const labels = Array.from({ length: last - 1 }, (_, i) => codes?.getCell(`${column}${i + 2}`).value);
    expect(labels).toEqual(FORMATS.map((f) => f.zh));
  });
});

type Cells = Record<string, CellValue>;
interface Spec {
  resources: Cells[];
  items: Cells[];
  resourceHeaders?: readonly string[];
  itemHeaders?: readonly string[];
  omitSheet?: string;
}

/** A workbook made by hand, as staff would make it, without the writer. */
async function build(spec: Spec): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheets = [
    [RESOURCE_SHEET, spec.resourceHeaders ?? RESOURCE_COLUMNS, spec.resources],
    [ITEM_SHEET, spec.itemHeaders ?? ITEM_COLUMNS, spec.items],
  ] as const;
  for (const [name, headers, rows] of sheets) {
    if (spec.omitSheet === name) continue;
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([...headers]);
    for (const cells of rows) sheet.addRow(headers.map((h) => cells[h] ?? null));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const CODE = '307001/000012';
const resourceCells = (overrides: Cells = {}): Cells => ({
  信息资源代码: CODE,
  信息资源名称: '企业登记信息',
  信息资源分类代码: '307001',
  提供方: '市市场监督管理局',
  提供方代码: DEPT,
  摘要: '企业登记的基本信息',
  格式分类: '数据库',
  格式: 'CSV',
  共享类型: '无条件共享',
  共享方式: '接口调用',
  开放属性: '不予开放',
  更新周期: '每日',
  ...overrides,
});
const itemCells = (position: number, overrides: Cells = {}): Cells => ({
  信息资源代码: CODE,
  序号: position,
  信息项名称: `字段${position}`,
  数据类型: 'C 字符型',
  数据长度: 20,
  是否必填: '是',
  是否主键: position === 1 ? '是' : '否',
  是否敏感: '否',
  ...overrides,
});
const valid = (): Spec => ({ resources: [resourceCells()], items: [itemCells(1), itemCells(2)] });
const withResource = (overrides: Cells): Spec => ({ ...valid(), resources: [resourceCells(overrides)] });
const withItem = (overrides: Cells): Spec => ({ ...valid(), items: [itemCells(1), itemCells(2, overrides)] });

const R = RESOURCE_SHEET;
const I = ITEM_SHEET;
type Where = [sheet: string, row: number, column: string, code: string];

const BAD_FILES: [name: string, spec: Spec, errors: Where[]][] = [
  [
    'a renamed column',
    { ...valid(), resourceHeaders: RESOURCE_COLUMNS.map((h) => (h === '摘要' ? '简介' : h)) },
    [
      [R, 1, '摘要', 'header'],
      [R, 1, '简介', 'header'],
    ],
  ],
  [
    'a missing column',
    { ...valid(), itemHeaders: ITEM_COLUMNS.filter((h) => h !== '数据类型') },
    [[I, 1, '数据类型', 'header']],
  ],
  ['an extra column', { ...valid(), itemHeaders: [...ITEM_COLUMNS, '备注'] }, [[I, 1, '备注', 'header']]],
  ['a missing sheet', { ...valid(), omitSheet: ITEM_SHEET }, [[I, 0, '', 'sheet_missing']]],
  [
    'a bad class code',
    withResource({ 信息资源分类代码: '106001' }),
    [[R, 2, '信息资源分类代码', 'class_code']],
  ],
  [
    'a bad credit code',
    withResource({ 提供方代码: `${DEPT.slice(0, 17)}0` }),
    [[R, 2, '提供方代码', 'uscc']],
  ],
  [
    'duplicate resource codes',
    { ...valid(), resources: [resourceCells(), resourceCells({ 信息资源名称: '另一个' })] },
    [[R, 3, '信息资源代码', 'duplicate']],
  ],
  [
    'duplicate placeholders',
    {
      resources: [resourceCells({ 信息资源代码: '新增1' }), resourceCells({ 信息资源代码: '新增1' })],
      items: [itemCells(1, { 信息资源代码: '新增1' })],
    },
    [[R, 3, '信息资源代码', 'duplicate']],
  ],
  [
    'a malformed code (its items still link to it)',
    {
      resources: [resourceCells({ 信息资源代码: '307001/12' })],
      items: [itemCells(1, { 信息资源代码: '307001/12' })],
    },
    [[R, 2, '信息资源代码', 'code']],
  ],
  [
    'a placeholder that looks like a code',
    withResource({ 信息资源代码: '3070010000012' }),
    [
      [R, 2, '信息资源代码', 'code'],
      [I, 2, '信息资源代码', 'unknown_code'],
      [I, 3, '信息资源代码', 'unknown_code'],
    ],
  ],
  [
    'a bad related code',
    withResource({ 关联资源代码: '101001/000001；10100' }),
    [[R, 2, '关联资源代码', 'related_code']],
  ],
  ['an unknown label', withResource({ 更新周期: '每两天' }), [[R, 2, '更新周期', 'label']]],
  ['an unknown data type', withItem({ 数据类型: '字符串' }), [[I, 3, '数据类型', 'data_type']]],
  [
    'a data type whose code and name disagree',
    withItem({ 数据类型: 'C 数值型' }),
    [[I, 3, '数据类型', 'data_type']],
  ],
  ['a bad data length', withItem({ 数据长度: '二十' }), [[I, 3, '数据长度', 'data_length']]],
  ['a bad boolean', withItem({ 是否敏感: '可能' }), [[I, 3, '是否敏感', 'boolean']]],
  [
    'empty required cells',
    withResource({ 信息资源名称: null, 共享类型: '  ', 提供方代码: '' }),
    [
      [R, 2, '信息资源名称', 'required'],
      [R, 2, '提供方代码', 'required'],
      [R, 2, '共享类型', 'required'],
    ],
  ],
  [
    'empty required item cells',
    withItem({ 信息项名称: null, 数据类型: null, 信息资源代码: null }),
    [
      [I, 3, '信息资源代码', 'required'],
      [I, 3, '信息项名称', 'required'],
      [I, 3, '数据类型', 'required'],
    ],
  ],
  [
    'a formula cell',
    withResource({ 摘要: { formula: 'B2&"的摘要"', result: '企业登记信息的摘要' } }),
    [[R, 2, '摘要', 'formula']],
  ],
  [
    'a formula in an informational column',
    withResource({ 资源分类: { formula: 'IF(LEFT(C2,1)="3","部门信息资源","")', result: '部门信息资源' } }),
    [[R, 2, '资源分类', 'formula']],
  ],
  [
    'items pointing at an unknown code',
    { ...valid(), items: [itemCells(1), itemCells(2), itemCells(1, { 信息资源代码: '307001/999999' })] },
    [[I, 4, '信息资源代码', 'unknown_code']],
  ],
  [
    'a placeholder used only on the items sheet',
    { ...valid(), items: [itemCells(1), itemCells(2), itemCells(1, { 信息资源代码: '新增1' })] },
    [[I, 4, '信息资源代码', 'unknown_code']],
  ],
  [
    'a resource without items',
    { resources: [resourceCells(), resourceCells({ 信息资源代码: '新增1' })], items: [itemCells(1)] },
    [[R, 3, '信息资源代码', 'no_items']],
  ],
  [
    'a database resource whose items are all non-key',
    { ...valid(), items: [itemCells(1, { 是否主键: '否' }), itemCells(2)] },
    [[R, 2, '格式分类', 'no_key']],
  ],
  [
    'conditional sharing without a condition',
    withResource({ 共享类型: '有条件共享' }),
    [[R, 2, '共享条件', 'sharing_condition']],
  ],
  [
    'no sharing without a legal basis',
    withResource({ 共享类型: '不予共享' }),
    [[R, 2, '共享条件', 'legal_basis']],
  ],
  [
    'duplicate item names',
    { ...valid(), items: [itemCells(1), itemCells(2, { 信息项名称: '字段1' })] },
    [[I, 3, '信息项名称', 'duplicate']],
  ],
  [
    'duplicate positions',
    { ...valid(), items: [itemCells(1), itemCells(1, { 信息项名称: '别的字段' })] },
    [[I, 3, '序号', 'duplicate']],
  ],
  ['a bad position', withItem({ 序号: 0 }), [[I, 3, '序号', 'position']]],
  ['too long a name', withResource({ 信息资源名称: '名'.repeat(201) }), [[R, 2, '信息资源名称', 'too_long']]],
  ['too long an item description', withItem({ 说明: '说'.repeat(501) }), [[I, 3, '说明', 'too_long']]],
  [
    'a line break in a one-line column',
    withResource({ 信息资源名称: '企业\n登记' }),
    [[R, 2, '信息资源名称', 'control_char']],
  ],
  ['an error value', withItem({ 数据长度: { error: '#N/A' } }), [[I, 3, '数据长度', 'cell_error']]],
];

describe('catalog workbook import validation', () => {
  it('accepts the valid base file the bad cases start from', async () => {
    const result = await readCatalogWorkbook(await build(valid()));
    expect(result.errors).toEqual([]);
    expect(result.resources).toHaveLength(1);
  });

  it.each(BAD_FILES)('reports %s', async (_name, spec, errors) => {
    const result = await readCatalogWorkbook(await build(spec));
    expect(where(result.errors)).toEqual(
      errors.map(([sheet, row, column, code]) => ({ sheet, row, column, code })),
    );
    for (const e of result.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('collects every error of the file instead of stopping at the first', async () => {
    const spec: Spec = {
      resources: [
        resourceCells({ 信息资源分类代码: '9', 摘要: null }),
        resourceCells({ 信息资源代码: '新增1', 提供方代码: 'ABC', 格式分类: '纸质' }),
      ],
      items: [
        itemCells(1, { 数据类型: 'Q' }),
        itemCells(2),
        itemCells(1, { 信息资源代码: '新增1', 数据长度: -3 }),
        itemCells(2, { 信息资源代码: '新增2' }),
      ],
    };
    const result = await readCatalogWorkbook(await build(spec));
    expect(where(result.errors)).toEqual([
      { sheet: R, row: 2, column: '信息资源分类代码', code: 'class_code' },
      { sheet: R, row: 2, column: '摘要', code: 'required' },
      { sheet: R, row: 3, column: '提供方代码', code: 'uscc' },
      { sheet: R, row: 3, column: '格式分类', code: 'label' },
      { sheet: I, row: 2, column: '数据类型', code: 'data_type' },
      { sheet: I, row: 4, column: '数据长度', code: 'data_length' },
      { sheet: I, row: 5, column: '信息资源代码', code: 'unknown_code' },
    ]);
    expect(result.resources).toEqual([]);
  });

  it('says exactly what a formula cell needs, and can report in English', async () => {
    const spec = withResource({ 摘要: { formula: 'B2', result: '企业登记信息' } });
    const zh = await readCatalogWorkbook(await build(spec));
    expect(zh.errors[0]?.message).toBe('不接受公式，请粘贴为数值');
    const en = await readCatalogWorkbook(await build(withResource({ 信息资源分类代码: '106001' })), 'en');
    expect(en.errors[0]?.message).toMatch(/^The classification code “106001” is invalid/);
  });

  it('reports a file that is not a workbook', async () => {
    const result = await readCatalogWorkbook(new TextEncoder().encode('信息资源代码,信息资源名称\n'));
    expect(where(result.errors)).toEqual([{ sheet: '', row: 0, column: '', code: 'file' }]);
  });

  it('reads cells however Excel stored them, new resources by placeholder and items by 序号', async () => {
    const spec: Spec = {
      resources: [
        resourceCells({
          信息资源代码: '新增1',
          信息资源名称: { richText: [{ text: '企业', font: { bold: true } }, { text: '登记信息 ' }] },
          信息资源分类代码: 307001,
          提供方代码: DEPT.toLowerCase(),
          联系人: { text: '李四', hyperlink: 'mailto:lisi@example.gov.cn' },
          联系电话: 13912345678,
          发布日期: new Date(Date.UTC(2024, 4, 1)),
          资源分类: '随便写的',
          格式分类: 'Database',
          共享方式: 'api',
          关联资源代码: '101001/000001， 101002/000002,101003/000003',
        }),
      ],
      items: [
        itemCells(3, { 信息资源代码: '新增1', 序号: '3', 数据长度: '20', 数据类型: 'N' }),
        itemCells(1, { 信息资源代码: '新增1', 是否主键: true, 数据类型: '字符型' }),
        itemCells(2, {
          信息资源代码: '新增1',
          序号: 2,
          是否必填: null,
          数据类型: 'date',
          语义标签: '身份证号',
        }),
      ],
    };
    const result = await readCatalogWorkbook(await build(spec));
    expect(result.errors).toEqual([]);
    const [resource] = result.resources;
    expect(resource).toMatchObject({
      code: null,
      placeholder: '新增1',
      name: '企业登记信息',
      classCode: '307001',
      departmentCode: DEPT,
      contactName: '李四',
      contactPhone: '13912345678',
      formatCategory: 'database',
      sharingMethod: 'api',
      relatedCodes: ['101001/000001', '101002/000002', '101003/000003'],
      row: 2,
    });
    expect(
      resource?.items.map((i) => [i.name, i.dataType, i.length, i.required, i.isKey, i.semanticTag]),
    ).toEqual([
      ['字段1', 'C', 20, true, true, null],
      ['字段2', 'D', 20, false, false, 'id_card'],
      ['字段3', 'N', 20, true, false, null],
    ]);
  });

  it('keeps sheet order for items without 序号 and reads a code merged down the item rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const resources = workbook.addWorksheet(RESOURCE_SHEET);
    resources.addRow([...RESOURCE_COLUMNS]);
    const cells = resourceCells();
    resources.addRow(RESOURCE_COLUMNS.map((h) => cells[h] ?? null));
    const items = workbook.addWorksheet(ITEM_SHEET);
    items.addRow([...ITEM_COLUMNS]);
    for (const name of ['乙', '甲', '丙']) {
      const item = itemCells(1, { 序号: null, 信息项名称: name, 是否主键: name === '甲' ? '是' : '否' });
      items.addRow(ITEM_COLUMNS.map((h) => item[h] ?? null));
    }
    items.mergeCells('A2:A4');
    const result = await readCatalogWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(result.errors).toEqual([]);
    expect(result.resources[0]?.items.map((i) => i.name)).toEqual(['乙', '甲', '丙']);
  });
});
