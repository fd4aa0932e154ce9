import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Typography, Upload } from 'antd';
import { useState } from 'react';
import { attachmentUrl, uploadAttachment, type Attachment } from '../api/sharing';
import { useT } from '../i18n/context';
import { useErrorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { formatBytes } from './values';

/** A request's attachments, each a download link; with `canUpload`, a button to add one. */
export function Attachments({
  requestId,
  attachments,
  canUpload,
  onUploaded,
}: {
  requestId: string;
  attachments: readonly Attachment[];
  canUpload: boolean;
  onUploaded: (attachment: Attachment) => void;
}) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const attachment = await uploadAttachment(requestId, file);
      void message.success(t('sharing.attachment.uploaded', { name: attachment.fileName }));
      onUploaded(attachment);
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setUploading(false);
    }
  };

  return (
    <Flex vertical gap="small" data-testid="request-attachments">
      {attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sharing.attachment.none')} />
      ) : (
        attachments.map((a) => (
          <Flex key={a.id} gap="small" align="center" wrap data-testid="request-attachment">
            <PaperClipOutlined />
            <Typography.Link href={attachmentUrl(requestId, a.id)} target="_blank" rel="noopener">
              {a.fileName}
            </Typography.Link>
            <Typography.Text type="secondary">
              {formatBytes(a.fileSize)} · {formatDateTime(a.createdAt)}
            </Typography.Text>
          </Flex>
        ))
      )}
      {canUpload && (
        <div>
          <Upload
            showUploadList={false}
            multiple={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading} data-testid="request-attachment-upload">
              {t('sharing.attachment.upload')}
            </Button>
          </Upload>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
            {t('sharing.attachment.hint')}
          </Typography.Paragraph>
        </div>
      )}
    </Flex>
  );
}
