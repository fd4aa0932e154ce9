import { InboxOutlined } from '@ant-design/icons';
import { DatePicker, Form, Input, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { DepartmentSelect } from '../admin/DepartmentSelect';
import { uploadAgreement, type Agreement } from '../api/sharing';
import { useT } from '../i18n/context';
import { FormModal } from '../shared/FormModal';
import { formatBytes } from './values';

interface Values {
  departmentId: string;
  title: string;
  parties: string;
  signedOn: Dayjs;
  validity: [Dayjs, Dayjs];
  file: File;
}

const DAY = 'YYYY-MM-DD';
const MAX_BYTES = 10 * 1024 * 1024;

/** The signed PDF, chosen (not uploaded) until the form is sent. */
function PdfField({ value, onChange }: { value?: File; onChange?: (file: File | undefined) => void }) {
  const t = useT();
  return (
    <Upload.Dragger
      accept=".pdf,application/pdf"
      multiple={false}
      beforeUpload={(file) => {
        onChange?.(file);
        return false;
      }}
      fileList={
        value
          ? [{ uid: 'agreement', name: `${value.name}（${formatBytes(value.size)}）`, status: 'done' }]
          : []
      }
      onRemove={() => {
        onChange?.(undefined);
        return true;
      }}
      data-testid="agreement-form-file"
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{t('sharing.agreement.drop')}</p>
      <p className="ant-upload-hint">{t('sharing.agreement.dropHint')}</p>
    </Upload.Dragger>
  );
}

/** The operator files a signed security agreement: its parties, validity and the signed PDF. */
export function AgreementUploadModal({
  onClose,
  onUploaded,
}: {
  onClose: () => void;
  onUploaded: (agreement: Agreement) => void;
}) {
  const t = useT();
  const submit = async ({ file, signedOn, validity, ...values }: Values) => {
    onUploaded(
      await uploadAgreement(
        {
          departmentId: values.departmentId,
          title: values.title.trim(),
          parties: values.parties.trim(),
          signedOn: signedOn.format(DAY),
          validFrom: validity[0].format(DAY),
          validTo: validity[1].format(DAY),
        },
        file,
      ),
    );
  };

  return (
    <FormModal<Values>
      title={t('sharing.agreement.uploadTitle')}
      onSubmit={submit}
      onClose={onClose}
      submitText={t('sharing.agreement.upload')}
      submitTestId="agreement-form-submit"
      width={640}
    >
      <Form.Item
        name="departmentId"
        label={t('sharing.agreement.department')}
        rules={[{ required: true, message: t('sharing.agreement.departmentRequired') }]}
      >
        <DepartmentSelect data-testid="agreement-form-department" />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('sharing.agreement.titleField')}
        rules={[
          { required: true, whitespace: true, max: 200, message: t('sharing.agreement.titleRequired') },
        ]}
      >
        <Input
          maxLength={200}
          placeholder={t('sharing.agreement.titlePlaceholder')}
          data-testid="agreement-form-title"
        />
      </Form.Item>
      <Form.Item
        name="parties"
        label={t('sharing.agreement.parties')}
        extra={t('sharing.agreement.partiesHint')}
        rules={[
          { required: true, whitespace: true, max: 500, message: t('sharing.agreement.partiesRequired') },
        ]}
      >
        <Input.TextArea rows={2} maxLength={500} data-testid="agreement-form-parties" />
      </Form.Item>
      <Form.Item
        name="signedOn"
        label={t('sharing.agreement.signedOn')}
        rules={[{ required: true, message: t('sharing.agreement.signedOnRequired') }]}
      >
        <DatePicker data-testid="agreement-form-signed-on" />
      </Form.Item>
      <Form.Item
        name="validity"
        label={t('sharing.agreement.validity')}
        rules={[{ required: true, message: t('sharing.agreement.validityRequired') }]}
      >
        <DatePicker.RangePicker data-testid="agreement-form-validity" />
      </Form.Item>
      <Form.Item
        name="file"
        label={t('sharing.agreement.file')}
        rules={[
          {
            validator: async (_, file: File | undefined) => {
              if (!file) throw new Error(t('sharing.agreement.fileRequired'));
              if (file.size > MAX_BYTES) throw new Error(t('sharing.agreement.fileTooLarge'));
            },
          },
        ]}
      >
        <PdfField />
      </Form.Item>
    </FormModal>
  );
}
