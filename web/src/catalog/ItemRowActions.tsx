import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/context';

interface ItemRowActionsProps {
  index: number;
  count: number;
  move: (from: number, to: number) => void;
  remove: (index: number) => void;
}

function Action(props: {
  title: string;
  icon: ReactNode;
  disabled: boolean;
  danger?: boolean;
  onClick: () => void;
  testId?: string;
}) {
  return (
    <Tooltip title={props.title}>
      <Button
        type="text"
        size="small"
        danger={props.danger}
        icon={props.icon}
        aria-label={props.title}
        disabled={props.disabled}
        onClick={props.onClick}
        data-testid={props.testId}
      />
    </Tooltip>
  );
}

/** Move a row up or down, or remove it (not the last one: a resource has at least one item). */
export function ItemRowActions({ index, count, move, remove }: ItemRowActionsProps) {
  const t = useT();
  return (
    <Space size={0}>
      <Action
        title={t('catalog.form.moveUp')}
        icon={<ArrowUpOutlined />}
        disabled={index === 0}
        onClick={() => move(index, index - 1)}
        testId={`item-up-${index}`}
      />
      <Action
        title={t('catalog.form.moveDown')}
        icon={<ArrowDownOutlined />}
        disabled={index === count - 1}
        onClick={() => move(index, index + 1)}
        testId={`item-down-${index}`}
      />
      <Action
        title={t('catalog.form.removeItem')}
        icon={<DeleteOutlined />}
        danger
        disabled={count <= 1}
        onClick={() => remove(index)}
        testId={`item-remove-${index}`}
      />
    </Space>
  );
}
