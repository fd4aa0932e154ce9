import { Flex, Tag, Tooltip } from 'antd';
import { useT } from '../i18n/context';
import { useTerms } from './vocabulary';
import type { OpenType, SearchHit, SharingType } from '../api/catalog';

const SHARING_COLORS: Record<SharingType, string> = {
  unconditional: 'green',
  conditional: 'gold',
  none: 'red',
};
const OPEN_COLORS: Record<OpenType, string> = { open: 'green', conditional: 'gold', closed: 'default' };

/** Category, format, sharing, opening and update cycle of a resource, as tags with the field on hover. */
type Tagged = Pick<SearchHit, 'category' | 'formatCategory' | 'sharingType' | 'openType' | 'updateCycle'>;

export function ResourceTags({ resource }: { resource: Tagged }) {
  const t = useT();
  const { label } = useTerms();
  const tags = [
    {
      key: 'category',
      field: t('catalog.field.category'),
      color: 'blue',
      text: label('categories', resource.category),
    },
    {
      key: 'format',
      field: t('catalog.field.formatCategory'),
      color: 'purple',
      text: label('formats', resource.formatCategory),
    },
    {
      key: 'sharing',
      field: t('catalog.field.sharingType'),
      color: SHARING_COLORS[resource.sharingType],
      text: label('sharingTypes', resource.sharingType),
    },
    {
      key: 'open',
      field: t('catalog.field.openType'),
      color: OPEN_COLORS[resource.openType],
      text: label('openTypes', resource.openType),
    },
    {
      key: 'cycle',
      field: t('catalog.field.updateCycle'),
      color: 'geekblue',
      text: label('updateCycles', resource.updateCycle),
    },
  ];
  return (
    <Flex wrap gap={4}>
      {tags.map(({ key, field, color, text }) => (
        <Tooltip key={key} title={field}>
          <Tag color={color} style={{ marginInlineEnd: 0 }}>
            {text}
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}
