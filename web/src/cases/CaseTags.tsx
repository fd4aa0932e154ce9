import { Tag } from 'antd';
import type { CaseClock, CaseSla, CaseState } from './types';
import { SLA_COLOR, STATE_COLOR, STATE_LABEL, useCasesI18n } from './messages';

export function CaseStateTag({ state }: { state: CaseState }) {
  const { pick } = useCasesI18n();
  return <Tag color={STATE_COLOR[state]}>{pick(STATE_LABEL[state])}</Tag>;
}

/** The deadline badge: overdue, due soon, clock stopped; nothing while all is well. */
export function CaseSlaTag({ sla, clock }: { sla: CaseSla; clock: CaseClock }) {
  const { t } = useCasesI18n();
  if (sla === 'overdue') return <Tag color={SLA_COLOR.overdue}>{t('due.overdue')}</Tag>;
  if (clock === 'stopped') return <Tag color="gold">{t('due.stopped')}</Tag>;
  if (sla === 'warning') return <Tag color={SLA_COLOR.warning}>{t('due.warning')}</Tag>;
  return null;
}
