import type { CreditRecordInput, PenaltyKind, SubjectCategory } from '../api/credit';
import type { LicenseCategory } from './labels';

/**
 * Reads a 双公示 spreadsheet saved as CSV (UTF-8, first row the national field names) into records for the batch
 * API. The server checks every row; this only maps columns, so its answer names the row and the field.
 */

/** RFC 4180: quoted fields with doubled quotes, commas and line breaks inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((v) => v.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((v) => v.trim() !== '')) rows.push(row);
  return rows;
}

const CATEGORY: Record<string, SubjectCategory> = {
  法人及非法人组织: 'legal',
  法人: 'legal',
  自然人: 'person',
  个体工商户: 'business',
};

const PENALTY: Record<string, PenaltyKind> = {
  警告: 'warning',
  通报批评: 'criticism',
  罚款: 'fine',
  没收违法所得: 'confiscation',
  没收非法财物: 'confiscation',
  '没收违法所得、没收非法财物': 'confiscation',
  暂扣许可证件: 'suspend_license',
  吊销许可证件: 'revoke_license',
  限制开展生产经营活动: 'restrict_operation',
  责令停产停业: 'suspend_business',
  责令关闭: 'close',
  限制从业: 'restrict_practice',
  行政拘留: 'detention',
  其他: 'other',
};

const LICENSE_CATEGORY: Record<string, LicenseCategory> = {
  普通: 'general',
  特许: 'special',
  认可: 'recognition',
  核准: 'approval',
  登记: 'registration',
  其他: 'other',
};

type Key = keyof CreditRecordInput;
const TEXT_COLUMNS: Record<string, Key> = {
  行政相对人名称: 'subjectName',
  统一社会信用代码: 'subjectCode',
  身份证号: 'subjectCode',
  法定代表人: 'legalRepresentative',
  行政处罚决定书文号: 'decisionNo',
  行政许可决定文书号: 'decisionNo',
  处罚决定日期: 'decisionDate',
  许可决定日期: 'decisionDate',
  违法行为类型: 'violationType',
  违法事实: 'violationFacts',
  处罚依据: 'basis',
  处罚内容: 'penaltyContent',
  暂扣或吊销证照名称及编号: 'licenseAffected',
  处罚有效期: 'penaltyValidUntil',
  公示截止期: 'publicityUntil',
  行政许可决定文书名称: 'docName',
  许可证书名称: 'certificateName',
  许可编号: 'licenseNo',
  许可内容: 'licenseContent',
  有效期自: 'validFrom',
  有效期至: 'validTo',
  处罚机关: 'authorityName',
  许可机关: 'authorityName',
  处罚机关统一社会信用代码: 'authorityCode',
  许可机关统一社会信用代码: 'authorityCode',
  数据来源单位: 'sourceName',
};
const NUMBER_COLUMNS: Record<string, Key> = {
  '罚款金额（万元）': 'fineAmount',
  罚款金额: 'fineAmount',
  '没收违法所得、没收非法财物的金额（万元）': 'confiscatedAmount',
};

/** The records of a CSV text; a row with 行政处罚决定书文号 is a penalty, one with 行政许可决定文书号 a license. */
export function recordsFromCsv(text: string): CreditRecordInput[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return rows.map((cells) => {
    const rec: Record<string, unknown> = {};
    let kind: CreditRecordInput['kind'] = 'penalty';
    names.forEach((name, i) => {
      const value = (cells[i] ?? '').trim();
      if (name === '行政许可决定文书号' && value) kind = 'license';
      if (!value) return;
      if (TEXT_COLUMNS[name]) rec[TEXT_COLUMNS[name]] = value;
      else if (NUMBER_COLUMNS[name]) rec[NUMBER_COLUMNS[name]] = Number(value);
      else if (name === '行政相对人类别') rec.subjectCategory = CATEGORY[value] ?? value;
      else if (name === '处罚类别')
        rec.penaltyKinds = value
          .split(/[、;；,，]/)
          .map((v) => v.trim())
          .filter(Boolean)
          .map((v) => PENALTY[v] ?? v);
      else if (name === '许可类别') rec.licenseCategory = LICENSE_CATEGORY[value] ?? value;
    });
    return { ...rec, kind } as CreditRecordInput;
  });
}
