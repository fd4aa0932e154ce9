import { Alert, Card } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getLegalPersonDossier, getPersonDossier, type Dossier, type DossierOmission } from '../api/dossier';
import { ProfileView } from '../credit/ProfileView';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import type { Segment } from '../registries/api';
import { GoldenCard, LinkedCard } from '../registries/GoldenCards';
import { recordPath } from '../registries/useRegistry';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { NotFound } from '../shared/StatusPages';
import { useQuery } from '../shared/useQuery';
import { LicenseTable } from './LicenseTable';

type Kind = 'person' | 'legal-person';

const SEGMENT: Record<Kind, Segment> = { person: 'population', 'legal-person': 'legal-person' };
const TITLE: Record<Kind, MessageKey> = { person: 'dossier.person', 'legal-person': 'dossier.legalPerson' };
const REASON: Record<DossierOmission['reason'], MessageKey> = {
  forbidden: 'dossier.omitted.forbidden',
  no_key: 'dossier.omitted.noKey',
};

export default function DossierPage() {
  const { kind, id } = useParams();
  return (kind === 'person' || kind === 'legal-person') && id ? (
    <DossierView kind={kind} id={id} key={`${kind}:${id}`} />
  ) : (
    <NotFound />
  );
}

/**
 * 一人一档 / 一企一档: one person's or company's golden record with its sources, e-licenses and credit, each section
 * as the server lets the caller read it; a section left out says why.
 */
function DossierView({ kind, id }: { kind: Kind; id: string }) {
  const t = useT();
  const segment = SEGMENT[kind];
  const dossier = useQuery(
    useCallback(
      (signal: AbortSignal) =>
        kind === 'person' ? getPersonDossier(id, signal) : getLegalPersonDossier(id, signal),
      [kind, id],
    ),
  );
  const d = dossier.data;
  const r = d?.registry.record;
  return (
    <Page
      title={r ? `${r.name ?? r.id} · ${t(TITLE[kind])}` : t(TITLE[kind])}
      extra={
        r && (
          <Link to={recordPath(segment, r.id)} data-testid="dossier-record-link">
            {t('dossier.record')}
          </Link>
        )
      }
    >
      <ErrorAlert error={dossier.error} />
      {!d && !dossier.error && <Card loading />}
      {d && r && (
        <>
          {d.registry.redirectedFrom && (
            <Alert
              type="info"
              showIcon
              title={t('registries.record.redirected', { from: d.registry.redirectedFrom, into: r.id })}
            />
          )}
          <GoldenCard detail={d.registry} title={t('dossier.golden')} links={false} testId="dossier-golden" />
          <LinkedCard
            segment={segment}
            sources={d.registry.sources}
            title={t('dossier.sources', { count: d.registry.sources.length })}
          />
          <Card title={t('dossier.licenses')} data-testid="dossier-licenses">
            <Omitted dossier={d} section="licenses" />
            {d.licenses && <LicenseTable licenses={d.licenses} testId="dossier-license-rows" />}
          </Card>
          <Card title={t('dossier.credit')} data-testid="dossier-credit">
            <Omitted dossier={d} section="credit" />
            {d.credit && <ProfileView profile={d.credit} />}
          </Card>
        </>
      )}
    </Page>
  );
}

function Omitted({ dossier, section }: { dossier: Dossier; section: DossierOmission['section'] }) {
  const t = useT();
  const omitted = dossier.omitted.find((o) => o.section === section);
  return omitted ? (
    <Alert
      type={omitted.reason === 'forbidden' ? 'warning' : 'info'}
      showIcon
      title={t(REASON[omitted.reason])}
      data-testid={`dossier-omitted-${section}`}
    />
  ) : null;
}
