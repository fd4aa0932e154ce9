import { AppError } from '../../core/errors.ts';
import type { Resource } from '../catalog/index.ts';
import { chinaToday } from '../../lib/time.ts';
import { type RequestRow } from './repo.ts';
import type { ApproveBodyT } from './schema.ts';

export function itemError(names: string[], code = 'UNKNOWN_ITEM'): AppError {
  return new AppError('SHARING_ITEMS_INVALID', {
    fields: names.map((name) => ({
      field: 'items',
      code,
      message:
        code === 'UNKNOWN_ITEM'
          ? `目录中没有信息项“${name}”`
          : code === 'NOT_SENSITIVE'
            ? `“${name}”不是敏感信息项，无需申请明文`
            : `“${name}”超出申请范围`,
    })),
  });
}

/** Items asked for exist; those asked in clear are among them, sensitive and not key. */
export function checkItems(resource: Resource, items: readonly string[], unmasked: readonly string[]): void {
  const byName = new Map(resource.items.map((i) => [i.name, i]));
  const unknown = [...items, ...unmasked].filter((i) => !byName.has(i));
  if (unknown.length) throw itemError([...new Set(unknown)]);
  const outside = unmasked.filter((i) => !items.includes(i));
  if (outside.length) throw itemError(outside, 'NOT_REQUESTED');
  const plain = unmasked.filter((i) => !byName.get(i)!.sensitive || byName.get(i)!.isKey);
  if (plain.length) throw itemError(plain, 'NOT_SENSITIVE');
}

export function checkPeriod(from: string, to: string): void {
  if (to < from || to < chinaToday())
    throw new AppError('REQUEST_VALIDATION_FAILED', {
      fields: [
        {
          field: 'periodTo',
          code: 'OUT_OF_RANGE',
          message: {
            zh: '使用期限须从今天或以后结束，且不早于开始日期',
            en: 'The period must end today or later, after it starts',
          },
        },
      ],
    });
}

/**
 * What an approval decides: the second stage narrows what the first approved, the first what was requested; items,
 * clear items and period may only shrink. The provider's limits carry over to the operator's second review.
 */
export function approvalScope(r: RequestRow, body: ApproveBodyT, stage: 'first' | 'second') {
  const baseItems = stage === 'second' ? (r.approved_items ?? r.items) : r.items;
  const baseUnmasked = stage === 'second' ? (r.approved_unmasked ?? []) : r.unmasked_items;
  const baseTo = stage === 'second' ? (r.approved_to ?? r.period_to) : r.period_to;
  const items = body.items ?? baseItems;
  const outside = items.filter((i) => !baseItems.includes(i));
  if (outside.length) throw itemError(outside, 'NOT_REQUESTED');
  const unmasked = (body.unmaskedItems ?? (stage === 'second' ? baseUnmasked : [])).filter((i) =>
    items.includes(i),
  );
  const notAsked = unmasked.filter((i) => !baseUnmasked.includes(i));
  if (notAsked.length) throw itemError(notAsked, 'NOT_REQUESTED');
  const periodTo = body.periodTo ?? baseTo;
  if (periodTo > baseTo || periodTo < r.period_from)
    throw new AppError('REQUEST_VALIDATION_FAILED', {
      fields: [
        {
          field: 'periodTo',
          code: 'OUT_OF_RANGE',
          message: {
            zh: '批准的期限须在申请期限之内',
            en: 'The approved period must lie within the requested one',
          },
        },
      ],
    });
  return {
    items,
    unmasked,
    periodTo,
    dailyQuota: body.dailyQuota ?? r.daily_quota ?? null,
    ratePerMinute: body.ratePerMinute ?? r.rate_per_minute ?? null,
  };
}
