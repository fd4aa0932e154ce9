import {
  CheckOutlined,
  CloseOutlined,
  EditOutlined,
  SendOutlined,
  StopOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Button, Popconfirm, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useT } from '../i18n/context';
import { useCatalogAccess } from './catalogAccess';
import { RejectModal } from './RejectModal';
import { resourceLink } from './searchParams';
import { useFlowAction } from './useFlowAction';
import type { Resource } from '../api/catalog';

interface FlowButtonsProps {
  resource: Resource;
  onChanged: (resource: Resource) => void;
}

/** Edit and the review-flow steps open to the user for the resource's current status. */
export function FlowButtons({ resource, onChanged }: FlowButtonsProps) {
  const t = useT();
  const navigate = useNavigate();
  const { isOperator, canEdit } = useCatalogAccess();
  const flow = useFlowAction(onChanged);
  const [rejecting, setRejecting] = useState(false);
  const { status } = resource;
  const editable = canEdit(resource.departmentId);

  const step = (action: 'submit' | 'approve' | 'publish', icon: ReactNode, primary = true) => (
    <Button
      type={primary ? 'primary' : 'default'}
      icon={icon}
      loading={flow.isRunning(resource, action)}
      disabled={flow.busy}
      onClick={() => void flow.run(resource, action)}
      data-testid={`flow-${action}`}
    >
      {t(`catalog.flow.${action}`)}
    </Button>
  );

  return (
    <Space wrap>
      {editable && (status === 'draft' || status === 'published') && (
        <Button
          icon={<EditOutlined />}
          onClick={() => void navigate(`${resourceLink(resource.id)}/edit`)}
          data-testid="flow-edit"
        >
          {status === 'published' ? t('catalog.flow.revise') : t('common.edit')}
        </Button>
      )}
      {editable && status === 'draft' && step('submit', <SendOutlined />)}
      {isOperator && status === 'submitted' && step('approve', <CheckOutlined />)}
      {isOperator && status === 'approved' && step('publish', <UploadOutlined />)}
      {isOperator && (status === 'submitted' || status === 'approved') && (
        <Button
          danger
          icon={<CloseOutlined />}
          disabled={flow.busy}
          onClick={() => setRejecting(true)}
          data-testid="flow-reject"
        >
          {t('catalog.flow.reject')}
        </Button>
      )}
      {isOperator && status !== 'retired' && (
        <Popconfirm
          title={t('catalog.flow.retireConfirm', { name: resource.name })}
          okButtonProps={{ danger: true }}
          onConfirm={() => flow.run(resource, 'retire')}
        >
          <Button
            danger
            icon={<StopOutlined />}
            loading={flow.isRunning(resource, 'retire')}
            data-testid="flow-retire"
          >
            {t('catalog.flow.retire')}
          </Button>
        </Popconfirm>
      )}
      {rejecting && (
        <RejectModal
          resource={resource}
          onClose={() => setRejecting(false)}
          onRejected={(updated) => {
            setRejecting(false);
            onChanged(updated);
          }}
        />
      )}
    </Space>
  );
}
