import { App, Form, Input } from 'antd';
import { createDepartment, updateDepartment, type Department } from '../../api/org';
import { useT } from '../../i18n/context';
import { FormModal } from '../../shared/FormModal';
import { DepartmentSelect } from '../DepartmentSelect';
import { RegionSelect } from '../RegionSelect';

/** GB 32100 alphabet: digits and capital letters without I, O, S, V, Z. The server checks the check digit. */
const USCC_PATTERN = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

interface DepartmentFormValues {
  name: string;
  shortName: string;
  uscc: string;
  regionCode: string;
  parentId?: string;
}

interface DepartmentFormModalProps {
  /** The department to edit; creates a new one when absent. */
  department?: Department;
  onClose: () => void;
  onSaved: () => void;
}

export function DepartmentFormModal({ department, onClose, onSaved }: DepartmentFormModalProps) {
  const t = useT();
  const { message } = App.useApp();

  const submit = async ({ parentId, ...values }: DepartmentFormValues) => {
    if (department) {
      const saved = await updateDepartment(department.id, { ...values, parentId: parentId ?? null });
      void message.success(t('departments.updated', { name: saved.name }));
    } else {
      const saved = await createDepartment({ ...values, parentId });
      void message.success(t('departments.created', { name: saved.name }));
    }
    onSaved();
  };

  const initialValues: Partial<DepartmentFormValues> | undefined = department && {
    name: department.name,
    shortName: department.shortName,
    uscc: department.uscc,
    regionCode: department.regionCode,
    parentId: department.parentId ?? undefined,
  };

  return (
    <FormModal<DepartmentFormValues>
      title={department ? t('departments.editTitle', { name: department.name }) : t('departments.create')}
      initialValues={initialValues}
      onSubmit={submit}
      onClose={onClose}
      submitTestId="department-form-submit"
    >
      <Form.Item name="name" label={t('departments.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} data-testid="department-form-name" />
      </Form.Item>
      <Form.Item
        name="shortName"
        label={t('departments.shortName')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input maxLength={50} data-testid="department-form-shortName" />
      </Form.Item>
      <Form.Item
        name="uscc"
        label={t('departments.uscc')}
        normalize={(value: string) => value.toUpperCase()}
        rules={[{ required: true }, { pattern: USCC_PATTERN, message: t('departments.usccInvalid') }]}
      >
        <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="department-form-uscc" />
      </Form.Item>
      <Form.Item name="regionCode" label={t('departments.region')} rules={[{ required: true }]}>
        <RegionSelect />
      </Form.Item>
      <Form.Item name="parentId" label={t('departments.parent')}>
        <DepartmentSelect
          exclude={department?.id}
          known={
            department?.parentId
              ? [{ id: department.parentId, name: department.parentName ?? department.parentId }]
              : []
          }
        />
      </Form.Item>
    </FormModal>
  );
}
