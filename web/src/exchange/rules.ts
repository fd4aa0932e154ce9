import { useCallback } from 'react';
import { useT } from '../i18n/context';
import { RULE_CODES, type RuleCode } from '../api/exchange';

const KNOWN: ReadonlySet<string> = new Set(RULE_CODES);

export const isRuleCode = (code: string): code is RuleCode => KNOWN.has(code);

/** The label of a validation rule code in the current language; an unknown code as it is. */
export function useRuleLabel(): (code: string) => string {
  const t = useT();
  return useCallback((code: string) => (isRuleCode(code) ? t(`exchange.rule.${code}`) : code), [t]);
}
