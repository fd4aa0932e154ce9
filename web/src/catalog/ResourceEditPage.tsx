import { Alert } from 'antd';
import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { getResource, type Resource } from '../api/catalog';
import { ApiError } from '../api/client';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { Forbidden, NotFound } from '../shared/StatusPages';
import { useQuery } from '../shared/useQuery';
import { useCatalogAccess } from './catalogAccess';
import { ResourceForm } from './ResourceForm';
import { resourceLink } from './searchParams';

function EditExisting({ reference }: { reference: string }) {
  const t = useT();
  const navigate = useNavigate();
  const { canEdit } = useCatalogAccess();
  const fetcher = useCallback((signal: AbortSignal) => getResource(reference, signal), [reference]);
  const { data, error } = useQuery(fetcher);

  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  if (error) return <ErrorAlert error={error} />;
  if (!data) return <Loading />;
  if (!canEdit(data.departmentId)) return <Forbidden />;

  const back = () => void navigate(resourceLink(data.id));
  return (
    <Page title={t('catalog.form.editTitle', { name: data.name })}>
      {data.status === 'published' && (
        <Alert type="info" showIcon title={t('catalog.form.revisionNotice', { version: data.version })} />
      )}
      <ResourceForm
        key={`${data.id}:${data.version}`}
        resource={data}
        onSaved={(saved: Resource) => void navigate(resourceLink(saved.id))}
        onCancel={back}
      />
    </Page>
  );
}

function CreateNew() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Page title={t('catalog.form.newTitle')}>
      <Alert type="info" showIcon title={t('catalog.form.newNotice')} />
      <ResourceForm
        onSaved={(saved) => void navigate(resourceLink(saved.id))}
        onCancel={() => void navigate('/catalog')}
      />
    </Page>
  );
}

/** `/catalog/new` and `/catalog/resources/:ref/edit`. */
export default function ResourceEditPage() {
  const { ref } = useParams();
  return ref === undefined ? <CreateNew /> : <EditExisting key={ref} reference={ref} />;
}
