import { Form, type FormRule } from 'antd';
import { useMemo } from 'react';
import { useT } from '../i18n/context';
import { RECORD_FORMATS, type ItemFormValues, type ResourceFormValues } from './formValues';

/**
 * The server's item rules, checked before saving: at least one item, a key item for record formats,
 * unique names, a length for character items.
 */
export function useItemRules() {
  const t = useT();
  const form = Form.useFormInstance<ResourceFormValues>();

  return useMemo(() => {
    const items = (): ItemFormValues[] => form.getFieldValue('items') ?? [];
    return {
      list: [
        {
          validator: async (_: unknown, value: ItemFormValues[] | undefined) => {
            if (!value || value.length === 0) throw new Error(t('catalog.form.itemsRequired'));
            const format = form.getFieldValue('formatCategory');
            if (RECORD_FORMATS.has(format) && !value.some(({ isKey }) => isKey)) {
              throw new Error(t('catalog.form.keyRequired'));
            }
          },
        },
      ],
      name: (index: number): FormRule[] => [
        { required: true, whitespace: true, message: t('catalog.form.itemNameRequired') },
        {
          validator: async (_, value: string | undefined) => {
            const name = value?.trim();
            if (name && items().some((item, i) => i !== index && item.name?.trim() === name)) {
              throw new Error(t('catalog.form.itemNameDuplicate', { name }));
            }
          },
        },
      ],
      length: (index: number): FormRule[] => [
        {
          validator: async (_, value: number | null | undefined) => {
            const dataType = form.getFieldValue(['items', index, 'dataType']);
            if (dataType === 'C' && (value === null || value === undefined)) {
              throw new Error(t('catalog.form.lengthRequired'));
            }
          },
        },
      ],
    };
  }, [form, t]);
}
