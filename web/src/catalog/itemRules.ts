import { Form, type FormRule } from 'antd';
import { useMemo } from 'react';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { checkItems, type ItemRuleCode } from '../../../src/modules/catalog/rules';
import type { ItemFormValues, ResourceFormValues } from './formValues';

/** The words for each rule the server shares with the editor. */
const MESSAGES: Record<ItemRuleCode, MessageKey> = {
  items_required: 'catalog.form.itemsRequired',
  key_required: 'catalog.form.keyRequired',
  item_name_duplicate: 'catalog.form.itemNameDuplicate',
  length_required: 'catalog.form.lengthRequired',
};

/**
 * The server's item rules (src/modules/catalog/rules.ts, the same module `checkResource` runs), checked before
 * saving: at least one item, a key item for record formats, unique names, a length for character items.
 */
export function useItemRules() {
  const t = useT();
  const form = Form.useFormInstance<ResourceFormValues>();

  return useMemo(() => {
    const problems = (items?: ItemFormValues[]) =>
      checkItems(form.getFieldValue('formatCategory'), items ?? form.getFieldValue('items') ?? []);
    const fail = (found: ReturnType<typeof problems>) => {
      const first = found[0];
      if (first) throw new Error(t(MESSAGES[first.code], { name: first.name ?? '' }));
    };
    return {
      list: [
        {
          validator: async (_: unknown, value: ItemFormValues[] | undefined) =>
            fail(problems(value ?? []).filter((p) => p.field === 'items')),
        },
      ],
      name: (index: number): FormRule[] => [
        { required: true, whitespace: true, message: t('catalog.form.itemNameRequired') },
        {
          validator: async () => fail(problems().filter((p) => p.field === 'name' && p.index === index)),
        },
      ],
      length: (index: number): FormRule[] => [
        {
          validator: async () => fail(problems().filter((p) => p.field === 'length' && p.index === index)),
        },
      ],
    };
  }, [form, t]);
}
