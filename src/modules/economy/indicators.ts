/**
 * What the registry knows of an indicator beyond what its observations carry: the English name and the SDMX
 * UNIT_MEASURE code of its unit. The source resource brings the code, the Chinese name, the unit and the
 * reporting department with every observation; an indicator not listed here is still taken, with its code as the
 * English name.
 */
export const INDICATOR_NAMES_EN: Readonly<Record<string, string>> = {
  GDP: 'Gross regional product',
  GDP_PRI: 'Value added of the primary industry',
  GDP_SEC: 'Value added of the secondary industry',
  GDP_TER: 'Value added of the tertiary industry',
  POP_RES: 'Resident population (year end)',
  FISC_REV: 'General public budget revenue',
  TAX_REV: 'Tax revenue',
  RETAIL: 'Total retail sales of consumer goods',
  FAI_GR: 'Fixed-asset investment growth',
  INC_URB: 'Per-capita disposable income of urban residents',
  INC_RUR: 'Per-capita disposable income of rural residents',
  CPI: 'Consumer price index (same period last year = 100)',
  UNEMP: 'Registered urban unemployment rate',
  EXPORT: 'Exports',
  IMPORT: 'Imports',
};

/** Units as the source writes them → SDMX UNIT_MEASURE codes (CL_UNIT) and their names. */
export const UNITS: Readonly<Record<string, { code: string; en: string }>> = {
  亿元: { code: 'CNY_100M', en: '100 million yuan' },
  万元: { code: 'CNY_10K', en: '10 thousand yuan' },
  元: { code: 'CNY', en: 'Yuan' },
  万人: { code: 'PS_10K', en: '10 thousand persons' },
  '%': { code: 'PCT', en: 'Percent' },
  '上年同期=100': { code: 'IX_PY100', en: 'Index, same period last year = 100' },
};

/** The UNIT_MEASURE code of a unit; an unknown unit is its own code, made safe for SDMX ids. */
export function unitCode(unit: string): string {
  return UNITS[unit]?.code ?? (unit.replace(/[^A-Za-z0-9_@$-]/g, '_') || 'UNKNOWN');
}

/** CL_OBS_STATUS, the SDMX cross-domain code list's values the source may use. */
export const OBS_STATUS: Readonly<Record<string, { zh: string; en: string }>> = {
  A: { zh: '正常值', en: 'Normal value' },
  P: { zh: '初步数', en: 'Provisional value' },
  E: { zh: '估计值', en: 'Estimated value' },
  F: { zh: '预测值', en: 'Forecast value' },
  B: { zh: '口径调整', en: 'Time series break' },
};

export const FREQ_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  A: { zh: '年度', en: 'Annual' },
  Q: { zh: '季度', en: 'Quarterly' },
  M: { zh: '月度', en: 'Monthly' },
};
