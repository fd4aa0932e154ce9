import { Alert } from 'antd';
import { useErrorMessage } from './errors';

/** Shows a failed request's message; renders nothing when there is no error. */
export function ErrorAlert({ error }: { error: unknown }) {
  const describe = useErrorMessage();
  if (error === undefined || error === null) return null;
  return <Alert type="error" showIcon title={describe(error)} />;
}
