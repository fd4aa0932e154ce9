/**
 * The checks of a service item that need no other module: the 实施编码's structure, the time limits, the fee and
 * each material's source fields. Pure; every problem names its field and carries the error code the API answers.
 */
import type { ErrorCode, FieldError } from '../../core/errors.ts';
import { usccProblem } from '../../lib/validators/index.ts';
import type { MaterialInputT, ServiceItemInputT } from './schema.ts';

export interface Problem extends FieldError {
  /** The AppError code for this problem: the first problem's code is the answer's. */
  error: ErrorCode;
}

const CODE = /^([0-9A-Z]{18})([0-9]{2})([0-9]{5})([0-9]{3})$/;

export interface CodeParts {
  uscc: string;
  kind: string;
  main: string;
  sub: string;
}

/** The parts of a 实施编码, or null when its shape is wrong. */
export function parseItemCode(code: string): CodeParts | null {
  const m = CODE.exec(code);
  return m ? { uscc: m[1]!, kind: m[2]!, main: m[3]!, sub: m[4]! } : null;
}

/** 基本编码: 事项类型 + 主项 + 子项, the last 10 characters of the 实施编码. */
export const basicCodeOf = (code: string): string => code.slice(18);

/** A 实施编码 for a department's credit code, kind, main and sub numbers. */
export function makeItemCode(uscc: string, kind: string, main: number, sub = 0): string {
  return `${uscc}${kind}${String(main).padStart(5, '0')}${String(sub).padStart(3, '0')}`;
}

function problem(error: ErrorCode, field: string, code: string, zh: string, en: string): Problem {
  return { error, field, code, message: { zh, en } };
}

/** Checks of the code against the item; `departmentUscc` is the implementing department's (null: unknown). */
export function codeProblems(input: ServiceItemInputT, departmentUscc: string | null): Problem[] {
  const bad = (code: string, zh: string, en: string) => [
    problem('SERVICE_ITEM_CODE_INVALID', 'code', code, zh, en),
  ];
  const parts = parseItemCode(input.code);
  if (!parts)
    return bad(
      'FORMAT',
      '实施编码应为 28 位：实施主体统一社会信用代码（18 位）+ 事项类型（2 位）+ 主项编码（5 位）+ 子项编码（3 位）',
      'A 实施编码 has 28 characters: the department’s credit code (18), the kind (2), main item (5), sub-item (3)',
    );
  if (usccProblem(parts.uscc))
    return bad(
      'USCC',
      '实施编码前 18 位不是有效的统一社会信用代码',
      'The first 18 characters are no valid credit code',
    );
  if (departmentUscc !== null && parts.uscc !== departmentUscc)
    return bad(
      'DEPARTMENT_MISMATCH',
      '实施编码前 18 位应为实施主体的统一社会信用代码',
      'The first 18 characters must be the implementing department’s credit code',
    );
  if (parts.kind !== input.kind)
    return bad(
      'KIND_MISMATCH',
      `实施编码第 19–20 位应为事项类型代码 ${input.kind}`,
      `Characters 19–20 must be the kind code ${input.kind}`,
    );
  if (parts.main === '00000')
    return bad('MAIN_ZERO', '主项编码不能为 00000', 'The main item number cannot be 00000');
  return [];
}

/** Time limits, fee and channels. */
export function itemProblems(input: ServiceItemInputT): Problem[] {
  const out: Problem[] = [];
  if (input.promisedDays > input.legalDays)
    out.push(
      problem(
        'SERVICE_ITEM_DAYS_INVALID',
        'promisedDays',
        'EXCEEDS_LEGAL',
        `承诺办结时限（${input.promisedDays} 个工作日）不能超过法定办结时限（${input.legalDays} 个工作日）`,
        `The promised time (${input.promisedDays} working days) cannot exceed the legal time (${input.legalDays})`,
      ),
    );
  const fee = input.fee;
  if (fee.charged && (fee.amount === null || fee.amount <= 0))
    out.push(
      problem(
        'SERVICE_ITEM_FEE_INVALID',
        'fee.amount',
        'REQUIRED',
        '收费事项须填写收费金额',
        'A charged item needs an amount',
      ),
    );
  if (fee.charged && !fee.basis?.trim())
    out.push(
      problem(
        'SERVICE_ITEM_FEE_INVALID',
        'fee.basis',
        'REQUIRED',
        '收费事项须填写收费依据',
        'A charged item needs its legal basis',
      ),
    );
  if (!fee.charged && (fee.amount !== null || fee.basis !== null))
    out.push(
      problem(
        'SERVICE_ITEM_FEE_INVALID',
        'fee.amount',
        'NOT_CHARGED',
        '不收费事项不应填写金额或依据',
        'A free item has no amount or basis',
      ),
    );
  const online = input.channels.includes('online');
  if (!online && input.depth > 1)
    out.push(
      problem(
        'SERVICE_ITEM_DEPTH_INVALID',
        'depth',
        'NOT_ONLINE',
        '不支持网上办理的事项网办深度只能为一级',
        'An item not handled online can only have depth 1',
      ),
    );
  if (input.depth === 4 && input.visits > 0)
    out.push(
      problem(
        'SERVICE_ITEM_DEPTH_INVALID',
        'visits',
        'FULLY_ONLINE',
        '全程网办（四级）事项的到现场次数应为 0',
        'An item handled entirely online (level 4) needs no visit',
      ),
    );
  const names = new Set<string>();
  input.materials.forEach((m, i) => {
    if (names.has(m.name))
      out.push(
        problem(
          'SERVICE_MATERIAL_DUPLICATE',
          `materials.${i}.name`,
          'DUPLICATE',
          `材料名称重复：${m.name}`,
          `Duplicate material name: ${m.name}`,
        ),
      );
    names.add(m.name);
    out.push(...materialShapeProblems(m, i));
  });
  return out;
}

/** A material's source names exactly what its kind needs, and nothing else. */
export function materialShapeProblems(m: MaterialInputT, i: number): Problem[] {
  const at = (f: string) => `materials.${i}.${f}`;
  const shape = (field: string, zh: string, en: string) =>
    problem('SERVICE_MATERIAL_SOURCE_INVALID', at(field), 'SOURCE_SHAPE', zh, en);
  const out: Problem[] = [];
  const hasRegistry = m.registry != null;
  const hasResource = m.resourceId != null;
  const hasFields = (m.fields?.length ?? 0) > 0;
  const hasLicense = m.licenseTypeCode != null;
  if (m.source === 'applicant') {
    if (hasRegistry || hasResource || hasFields || hasLicense)
      out.push(
        shape(
          'source',
          '申请人提交的材料不应指定共享来源或证照类型',
          'An applicant’s material names no shared source or license',
        ),
      );
  } else if (m.source === 'shared') {
    if (hasRegistry === hasResource)
      out.push(
        shape(
          'registry',
          '共享获取的材料须指定一个基础库或一个信息资源（二选一）',
          'A shared material names either a registry or a catalog resource',
        ),
      );
    if (!hasFields)
      out.push(
        shape(
          'fields',
          '共享获取的材料须列出所取的字段或信息项',
          'A shared material lists the fields it reads',
        ),
      );
    if (hasLicense)
      out.push(
        shape('licenseTypeCode', '共享获取的材料不应指定证照类型', 'A shared material names no license type'),
      );
  } else {
    if (!hasLicense)
      out.push(
        shape(
          'licenseTypeCode',
          '调用电子证照的材料须指定证照类型',
          'A license material names its license type',
        ),
      );
    if (hasRegistry || hasResource || hasFields)
      out.push(shape('source', '电子证照材料不应指定共享来源', 'A license material names no shared source'));
  }
  return out;
}
