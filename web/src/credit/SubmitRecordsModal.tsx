import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Segmented,
  Select,
  Switch,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { submitCreditRecords, type CreditRecordInput } from '../api/credit';
import { useT } from '../i18n/context';
import { FormModal } from '../shared/FormModal';
import { useErrorMessage } from '../shared/errors';
import { recordsFromCsv } from './importCsv';
import {
  CATEGORY_LABEL,
  LICENSE_CATEGORIES,
  LICENSE_CATEGORY_LABEL,
  PENALTY_KINDS,
  PENALTY_KIND_LABEL,
} from './labels';

type Values = {
  records: (Omit<CreditRecordInput, 'decisionDate' | 'validFrom' | 'validTo'> & {
    decisionDate: Dayjs;
    validFrom?: Dayjs;
    validTo?: Dayjs;
  })[];
};

const day = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

function clean(r: Values['records'][number]): CreditRecordInput {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = dayjs.isDayjs(v) ? day(v) : v;
  }
  return out as CreditRecordInput;
}

/** 公示 one decision through the form, or import a CSV of many (all or nothing; the server names bad rows). */
export function SubmitRecordsModal({
  departmentId,
  onClose,
  onDone,
}: {
  departmentId?: string;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const t = useT();
  const describe = useErrorMessage();
  const [tab, setTab] = useState<'form' | 'import'>('form');
  const [csv, setCsv] = useState<CreditRecordInput[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [importError, setImportError] = useState<string | null>(null);
  const dept = departmentId ? { departmentId } : {};

  const submitForm = async (values: Values) => {
    const res = await submitCreditRecords({ ...dept, records: values.records.map(clean) });
    onDone(t('credit.submit.done', { created: res.created, updated: res.updated }));
  };

  const submitImport = async () => {
    if (!csv?.length) return;
    setProblems([]);
    setImportError(null);
    try {
      const res = await submitCreditRecords({ ...dept, records: csv });
      onDone(t('credit.submit.done', { created: res.created, updated: res.updated }));
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length)
        setProblems(err.fieldErrors.map((f) => `${f.field}：${f.message}`));
      else setImportError(describe(err));
    }
  };

  return (
    <FormModal<Values>
      title={t('credit.submit.title')}
      width={720}
      onClose={onClose}
      onSubmit={tab === 'form' ? submitForm : submitImport}
      submitText={
        tab === 'form' ? t('credit.submit.publish') : t('credit.submit.import', { n: csv?.length ?? 0 })
      }
      submitTestId="credit-submit"
    >
      <Segmented
        value={tab}
        onChange={(k) => setTab(k as 'form' | 'import')}
        options={[
          { value: 'form', label: t('credit.submit.one') },
          { value: 'import', label: t('credit.submit.csv') },
        ]}
        style={{ marginBottom: 16 }}
        data-testid="credit-submit-mode"
      />
      {tab === 'form' ? (
        <RecordFields />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('credit.submit.csvHint')}</Typography.Paragraph>
          <Upload
            accept=".csv,text/csv"
            maxCount={1}
            beforeUpload={(file) => {
              void file.text().then((text) => {
                setCsv(recordsFromCsv(text));
                setProblems([]);
              });
              return false;
            }}
          >
            <Button data-testid="credit-import-file">{t('credit.submit.chooseFile')}</Button>
          </Upload>
          {csv ? (
            <Typography.Paragraph style={{ marginTop: 8 }}>
              {t('credit.submit.rows', { n: csv.length })}
            </Typography.Paragraph>
          ) : null}
          {importError ? <Alert type="error" showIcon message={importError} /> : null}
          {problems.length ? (
            <List
              size="small"
              bordered
              header={t('credit.submit.nothingStored')}
              dataSource={problems}
              renderItem={(x) => <List.Item>{x}</List.Item>}
              data-testid="credit-import-problems"
            />
          ) : null}
        </>
      )}
    </FormModal>
  );
}

const p = (name: string) => ['records', 0, name];

/** The fields of one record, by kind and subject category (inside FormModal's form). */
function RecordFields() {
  const t = useT();
  const form = Form.useFormInstance();
  const kind = Form.useWatch(p('kind'), form) as CreditRecordInput['kind'] | undefined;
  const category = Form.useWatch(p('subjectCategory'), form) as
    CreditRecordInput['subjectCategory'] | undefined;
  return (
    <>
      <Form.Item
        name={p('kind')}
        label={t('credit.kind')}
        rules={[{ required: true }]}
        initialValue="penalty"
      >
        <Select
          data-testid="credit-submit-kind"
          options={[
            { value: 'penalty', label: t('credit.kind.penalty') },
            { value: 'license', label: t('credit.kind.license') },
          ]}
        />
      </Form.Item>
      <Form.Item name={p('subjectName')} label={t('credit.subjectName')} rules={[{ required: true }]}>
        <Input data-testid="credit-submit-name" />
      </Form.Item>
      <Form.Item
        name={p('subjectCategory')}
        label={t('credit.subjectCategory')}
        rules={[{ required: true }]}
        initialValue="legal"
      >
        <Select
          options={(['legal', 'business', 'person'] as const).map((c) => ({
            value: c,
            label: t(CATEGORY_LABEL[c]),
          }))}
        />
      </Form.Item>
      <Form.Item
        name={p('subjectCode')}
        label={category === 'person' ? t('credit.idNumber') : t('credit.uscc')}
        rules={[{ required: true }]}
      >
        <Input data-testid="credit-submit-code" maxLength={18} />
      </Form.Item>
      {category !== 'person' ? (
        <Form.Item name={p('legalRepresentative')} label={t('credit.legalRepresentative')}>
          <Input data-testid="credit-submit-rep" />
        </Form.Item>
      ) : null}
      <Form.Item
        name={p('decisionNo')}
        label={kind === 'license' ? t('credit.licenseDecisionNo') : t('credit.penaltyDecisionNo')}
        rules={[{ required: true }]}
      >
        <Input data-testid="credit-submit-no" />
      </Form.Item>
      <Form.Item name={p('decisionDate')} label={t('credit.decisionDate')} rules={[{ required: true }]}>
        <DatePicker data-testid="credit-submit-date" disabledDate={(d) => d.isAfter(dayjs())} />
      </Form.Item>
      {kind === 'license' ? (
        <>
          <Form.Item name={p('docName')} label={t('credit.docName')}>
            <Input />
          </Form.Item>
          <Form.Item name={p('licenseCategory')} label={t('credit.licenseCategory')}>
            <Select
              options={LICENSE_CATEGORIES.map((c) => ({ value: c, label: t(LICENSE_CATEGORY_LABEL[c]) }))}
            />
          </Form.Item>
          <Form.Item name={p('certificateName')} label={t('credit.certificateName')}>
            <Input />
          </Form.Item>
          <Form.Item name={p('licenseNo')} label={t('credit.licenseNo')}>
            <Input />
          </Form.Item>
          <Form.Item name={p('licenseContent')} label={t('credit.licenseContent')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name={p('validFrom')} label={t('credit.validFrom')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name={p('validTo')} label={t('credit.validTo')}>
            <DatePicker />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item name={p('violationType')} label={t('credit.violationType')}>
            <Input data-testid="credit-submit-violation" />
          </Form.Item>
          <Form.Item name={p('violationFacts')} label={t('credit.violationFacts')}>
            <Input.TextArea rows={2} data-testid="credit-submit-facts" />
          </Form.Item>
          <Form.Item name={p('basis')} label={t('credit.basis')}>
            <Input data-testid="credit-submit-basis" />
          </Form.Item>
          <Form.Item name={p('penaltyKinds')} label={t('credit.penaltyKinds')}>
            <Select
              mode="multiple"
              data-testid="credit-submit-kinds"
              options={PENALTY_KINDS.map((k) => ({ value: k, label: t(PENALTY_KIND_LABEL[k]) }))}
            />
          </Form.Item>
          <Form.Item name={p('fineAmount')} label={t('credit.fineAmount')}>
            <InputNumber min={0} step={0.01} style={{ width: 200 }} data-testid="credit-submit-fine" />
          </Form.Item>
          <Form.Item name={p('confiscatedAmount')} label={t('credit.confiscatedAmount')}>
            <InputNumber min={0} step={0.01} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name={p('licenseAffected')} label={t('credit.licenseAffected')}>
            <Input />
          </Form.Item>
          <Form.Item name={p('serious')} label={t('credit.serious')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('credit.submit.publicityHint')}</Typography.Paragraph>
        </>
      )}
    </>
  );
}
