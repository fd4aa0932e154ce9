import { useI18n } from '../i18n/context';
import type { ServiceMaterial } from '../api/services';

/** Picks the Chinese or the English text by the page's language (the service pages keep their words here). */
export function useL(): (zh: string, en: string) => string {
  const { language } = useI18n();
  return (zh, en) => (language === 'en' ? en : zh);
}

export const CHANNEL_LABEL: Record<string, [string, string]> = {
  window: ['窗口办理', 'At a window'],
  online: ['网上办理', 'Online'],
  self_service: ['自助终端', 'Self-service terminal'],
  mail: ['邮寄办理', 'By post'],
};
export const DEPTH_LABEL = ['', '一级', '二级', '三级', '四级（全程网办）'];
export const FORM_LABEL: Record<string, [string, string]> = {
  original: ['原件', 'Original'],
  copy: ['复印件', 'Copy'],
  electronic: ['电子材料', 'Electronic'],
};

/** Where a material comes from, in the words the public page uses. */
export function sourceText(m: ServiceMaterial, L: (zh: string, en: string) => string): string {
  const of = [m.sourceName, m.providerName].filter(Boolean).join('，');
  const fields = m.fields.length ? `（${m.fields.join('、')}）` : '';
  if (m.source === 'shared')
    return L(`已通过数据共享获取 · 来源 ${of}${fields}`, `Obtained by data sharing · from ${of}${fields}`);
  if (m.source === 'license') return L(`已调用电子证照 · ${of}`, `Taken from the e-license library · ${of}`);
  return L('需申请人提交', 'To be submitted by the applicant');
}
