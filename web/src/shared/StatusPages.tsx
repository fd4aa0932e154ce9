import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/context';

function BackHome() {
  const t = useT();
  return (
    <Link to="/">
      <Button type="primary">{t('error.backHome')}</Button>
    </Link>
  );
}

export function Forbidden() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('error.forbidden.title')}
      subTitle={t('error.forbidden.subtitle')}
      extra={<BackHome />}
    />
  );
}

export function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('error.notFound.title')}
      subTitle={t('error.notFound.subtitle')}
      extra={<BackHome />}
    />
  );
}
