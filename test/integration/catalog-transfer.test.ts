import ExcelJS from 'exceljs';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildResourceInput, catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { uniqueUscc } from '../support/factories.ts';

/** A multipart body with one file field, as a browser sends it. */
function multipart(file: Buffer, name = 'catalog.xlsx') {
  const boundary = '----tongban-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, file, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function editCell(
  file: Buffer,
  sheet: string,
  find: string,
  column: string,
  value: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(file).buffer);
  const ws = wb.getWorksheet(sheet)!;
  const header = ws.getRow(1).values as unknown[];
  const col = header.indexOf(column);
  let done = false;
  ws.eachRow((row, n) => {
    if (n > 1 && !done && row.values && (row.values as unknown[]).includes(find)) {
      row.getCell(col).value = value;
      done = true;
    }
  });
  expect(done).toBe(true);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Gives a resource another code on both sheets, as if someone had typed a different one. */
async function renameCode(file: Buffer, from: string, to: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(file).buffer);
  for (const sheet of ['信息资源', '信息项']) {
    wb.getWorksheet(sheet)!.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.value === from) cell.value = to;
      }),
    );
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(ENGINES)('catalog Excel and DCAT on %s', (engine) => {
  let t: TestApp;
  let mz: string;
  let admin: string;
  let steward: string;
  let otherSteward: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ mz, admin, stewardMz: steward, stewardGa: otherSteward } = await catalogFixture(t));
    for (const [i, name] of ['婚姻登记信息', '收养登记信息', '社会组织登记信息'].entries()) {
      const r = (
        await t.call(steward, {
          method: 'POST',
          url: '/api/catalog/resources',
          payload: buildResourceInput(mz, {
            name,
            classCode: `30100${i + 1}`,
            summary: `${name}。\n第二行说明。`,
          }),
        })
      ).json();
      await t.call(steward, { method: 'POST', url: `/api/catalog/resources/${r.id}/submit`, payload: {} });
      await t.call(admin, { method: 'POST', url: `/api/catalog/resources/${r.id}/approve`, payload: {} });
      await t.call(admin, { method: 'POST', url: `/api/catalog/resources/${r.id}/publish`, payload: {} });
    }
  });
  afterAll(() => t.close());

  const exportFile = async (token: string, query = '') => {
    const res = await t.call(token, { method: 'GET', url: `/api/catalog/export.xlsx${query}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    return res.rawPayload;
  };
  const importFile = (token: string, file: Buffer, dryRun = false) =>
    t.call(token, { method: 'POST', url: `/api/catalog/import?dryRun=${dryRun}`, ...multipart(file) });

  it('export → import of the unchanged file changes nothing', async () => {
    const file = await exportFile(steward);
    const updates = async () =>
      (await t.services.audit.search({ action: 'catalog.update' }, { limit: 1000 })).items.length;
    const before = await updates();
    const res = await importFile(steward, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ applied: true, created: 0, revised: 0, unchanged: 3, errors: [] });
    expect(await updates()).toBe(before);
  });

  it('editing one cell revises exactly that field, as a new version', async () => {
    const file = await exportFile(steward, `?q=${encodeURIComponent('收养登记信息')}`);
    const edited = await editCell(file, '信息资源', '收养登记信息', '联系人', '王芳');
    const dry = (await importFile(steward, edited, true)).json();
    expect(dry).toMatchObject({ applied: false, revised: 1, unchanged: 0, errors: [] });
    const { items } = (
      await t.call(steward, {
        method: 'GET',
        url: `/api/catalog/resources?q=${encodeURIComponent('收养登记信息')}`,
      })
    ).json();
    expect((await t.services.catalog.get(items[0].id, { kind: 'all' })).version).toBe(1);

    expect((await importFile(steward, edited)).json()).toMatchObject({ applied: true, revised: 1 });
    const versions = (
      await t.call(steward, { method: 'GET', url: `/api/catalog/resources/${items[0].id}/versions` })
    ).json();
    expect(versions.versions[0]).toMatchObject({
      version: 2,
      status: 'draft',
      changes: [{ field: 'contactName', before: '李静', after: '王芳' }],
      itemChanges: [],
    });
    expect(versions.history.at(-1)).toMatchObject({ action: 'import', version: 2 });
  });

  it('new rows with a placeholder code create drafts', async () => {
    const file = await exportFile(steward, `?q=${encodeURIComponent('婚姻登记信息')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(file).buffer);
    const res = wb.getWorksheet('信息资源')!;
    const items = wb.getWorksheet('信息项')!;
    const copy = (res.getRow(2).values as unknown[]).slice(1);
    copy[0] = '新增1';
    copy[1] = '婚姻状况证明开具信息';
    res.addRow(copy);
    for (const r of [2, 3, 4]) {
      const v = (items.getRow(r).values as unknown[]).slice(1);
      v[0] = '新增1';
      items.addRow(v);
    }
    const report = (await importFile(steward, Buffer.from(await wb.xlsx.writeBuffer()))).json();
    expect(report).toMatchObject({ applied: true, created: 1, unchanged: 1 });
    const found = (
      await t.call(steward, {
        method: 'GET',
        url: `/api/catalog/resources?q=${encodeURIComponent('婚姻状况证明开具信息')}`,
      })
    ).json();
    expect(found.items[0]).toMatchObject({ status: 'draft', itemCount: 3 });
  });

  it('refuses bad files with sheet, row and column, and applies nothing', async () => {
    const file = await exportFile(steward);
    const badCode = await editCell(file, '信息资源', '社会组织登记信息', '提供方代码', '91320700MA1XXXXXXX');
    const report = (await importFile(steward, badCode)).json();
    expect(report.applied).toBe(false);
    expect(report.errors[0]).toMatchObject({ sheet: '信息资源', column: '提供方代码', code: 'uscc' });

    // A well-formed credit code that no department has.
    const unknown = await editCell(file, '信息资源', '社会组织登记信息', '提供方代码', uniqueUscc());
    const unknownReport = (await importFile(steward, unknown)).json();
    expect(unknownReport.applied).toBe(false);
    expect(unknownReport.errors).toEqual([
      expect.objectContaining({ sheet: '信息资源', column: '提供方代码', code: 'unknown_department' }),
    ]);

    // Every bad row is reported, not only the first: two codes that no resource has.
    const codeOf = async (name: string) =>
      (await t.services.catalog.search({ q: name }, { kind: 'all' })).items.find((i) => i.name === name)!
        .code;
    const twoBad = await renameCode(
      await renameCode(file, await codeOf('社会组织登记信息'), '399999/999998'),
      await codeOf('收养登记信息'),
      '399999/999999',
    );
    const both = (await importFile(steward, twoBad)).json();
    expect(both.applied).toBe(false);
    expect(both.errors.map((e: { code: string }) => e.code)).toEqual(['unknown_code', 'unknown_code']);

    // Another department's steward may not import this department's resources.
    const foreign = (await importFile(otherSteward, file)).json();
    expect(foreign.applied).toBe(false);
    expect(foreign.errors.map((e: { code: string }) => e.code)).toEqual([
      'forbidden',
      'forbidden',
      'forbidden',
      'forbidden',
    ]);

    const notExcel = await t.call(steward, {
      method: 'POST',
      url: '/api/catalog/import',
      ...multipart(Buffer.from('not a workbook')),
    });
    expect(notExcel.statusCode).toBe(400);
    expect(notExcel.json().error.code).toBe('CATALOG_FILE_INVALID');
    const noFile = await t.call(steward, { method: 'POST', url: '/api/catalog/import', payload: {} });
    expect(noFile.statusCode).toBe(415);
  });

  it('the import is all or nothing: one bad row leaves every good row unapplied', async () => {
    const file = await exportFile(steward);
    const oneGood = await editCell(file, '信息资源', '婚姻登记信息', '联系人', '赵敏');
    const oneBad = await editCell(oneGood, '信息项', '登记日期', '数据类型', '不存在的类型');
    const report = (await importFile(steward, oneBad)).json();
    expect(report).toMatchObject({ applied: false, created: 0, revised: 0 });
    expect(report.errors[0]).toMatchObject({ sheet: '信息项', column: '数据类型' });
    const { items } = (
      await t.call(steward, {
        method: 'GET',
        url: `/api/catalog/resources?q=${encodeURIComponent('婚姻登记信息')}`,
      })
    ).json();
    const r = await t.services.catalog.get(
      items.find((i: { name: string }) => i.name === '婚姻登记信息').id,
      { kind: 'all' },
    );
    expect(r.contactName).toBe('李静');
  });

  it('DCAT-AP in Turtle and JSON-LD describes every published resource', async () => {
    const ttl = await t.call(steward, { method: 'GET', url: '/api/catalog/dcat.ttl' });
    expect(ttl.headers['content-type']).toContain('text/turtle');
    const quads = new Parser().parse(ttl.body);
    const datasets = quads.filter(
      (q) =>
        q.predicate.value.endsWith('22-rdf-syntax-ns#type') &&
        q.object.value === 'http://www.w3.org/ns/dcat#Dataset',
    );
    expect(datasets).toHaveLength(3);
    const jsonld = await t.call(steward, { method: 'GET', url: '/api/catalog/dcat.jsonld' });
    expect(jsonld.headers['content-type']).toContain('application/ld+json');
    expect(JSON.stringify(jsonld.json())).toContain('婚姻登记信息');
  });

  it('keeps exported multi-line text', async () => {
    const file = await exportFile(steward, `?q=${encodeURIComponent('社会组织登记信息')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(file).buffer);
    const summaryCol = (wb.getWorksheet('信息资源')!.getRow(1).values as unknown[]).indexOf('摘要');
    expect(String(wb.getWorksheet('信息资源')!.getRow(2).getCell(summaryCol).value)).toBe(
      '社会组织登记信息。\n第二行说明。',
    );
  });
});
