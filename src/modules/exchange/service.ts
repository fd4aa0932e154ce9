/**
 * The exchange hub (政务数据共享交换平台): records of every published record-holding resource, validated against
 * the catalog, stored with a gap-free per-resource change log, and handed to subscribers.
 *
 * The work is split by use case, each in its own service: `ingestion` (ingest.ts, the pipeline), `reads`
 * (reads.ts) and `quarantine` (quarantine.ts), `subscriptions` (subscriptions.ts: subscriptions, pull, dead
 * letters), `figures` (figures.ts: statistics and data quality) and `retention` (retention.ts). This class wires
 * them over one shared core and keeps the names other modules call (`exchange.ingest(…)` and so on) as plain
 * delegations, so callers need not know the split.
 */
import type { Db } from '../../db/index.ts';
import type { SecretBox } from '../../lib/secretbox.ts';
import type { AuditService } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { OrgService } from '../org/index.ts';
import { ExchangeCore } from './core.ts';
import { FiguresService } from './figures.ts';
import { IngestService } from './ingest.ts';
import { QuarantineService } from './quarantine.ts';
import { ReadService, type ConnectorSummaries } from './reads.ts';
import { ExchangeRetentionService, type RetentionOptions } from './retention.ts';
import { SubscriptionService } from './subscriptions.ts';
import { WebhookTargets, type Resolver } from './webhook-target.ts';

export type { IngestOptions } from './ingest.ts';
export type { Reach, RecordView, SubscriptionAccess } from './core.ts';

/** Limits of one push (POST …/records) body. */
export interface PushLimits {
  /** Bytes after decompression (PUSH_MAX_BYTES). */
  maxBytes: number;
  /** Bytes as sent, before decompression (PUSH_MAX_COMPRESSED_BYTES). */
  maxCompressedBytes: number;
}

export interface ExchangeOptions {
  /** Internal webhook targets the operator allows (WEBHOOK_ALLOW_HOSTS; the demo adds its own receiver). */
  webhookAllowHosts?: readonly string[] | undefined;
  /** DNS resolution of webhook hosts (tests inject one). */
  resolve?: Resolver | undefined;
  push?: Partial<PushLimits> | undefined;
  retention?: Partial<RetentionOptions> | undefined;
}

const GIB = 1024 ** 3;

export class ExchangeService {
  readonly core: ExchangeCore;
  readonly ingestion: IngestService;
  readonly reads: ReadService;
  readonly quarantines: QuarantineService;
  readonly subscriptionsService: SubscriptionService;
  readonly figures: FiguresService;
  readonly retention: ExchangeRetentionService;
  readonly webhookTargets: WebhookTargets;
  readonly pushLimits: PushLimits;

  constructor(
    db: Db,
    audit: AuditService,
    org: OrgService,
    catalog: CatalogService,
    secrets: SecretBox,
    options: ExchangeOptions = {},
  ) {
    this.core = new ExchangeCore({ db, audit, org, catalog, secrets });
    this.webhookTargets = new WebhookTargets({
      allowHosts: options.webhookAllowHosts,
      resolve: options.resolve,
    });
    this.pushLimits = {
      maxBytes: options.push?.maxBytes ?? GIB,
      maxCompressedBytes: options.push?.maxCompressedBytes ?? GIB / 4,
    };
    this.ingestion = new IngestService(this.core);
    this.reads = new ReadService(this.core);
    this.quarantines = new QuarantineService(this.core, this.ingestion);
    this.subscriptionsService = new SubscriptionService(this.core, this.reads, this.webhookTargets);
    this.figures = new FiguresService(this.core);
    this.retention = new ExchangeRetentionService(this.core, {
      logRetentionDays: options.retention?.logRetentionDays ?? 400,
      changeLogRetentionDays: options.retention?.changeLogRetentionDays ?? 90,
    });

    const { core, ingestion, reads, quarantines: q, subscriptionsService: subs, figures } = this;
    this.setSubscriptionAccess = core.setSubscriptionAccess.bind(core);
    this.subscriptionView = core.subscriptionView.bind(core);
    this.onCommitted = core.onCommitted.bind(core);
    this.recordResource = core.recordResource.bind(core);
    this.schemaOf = core.schemaOf.bind(core);
    this.ingest = ingestion.ingest.bind(ingestion);
    this.resources = reads.resources.bind(reads);
    this.resource = reads.resource.bind(reads);
    this.held = reads.held.bind(reads);
    this.batches = reads.batches.bind(reads);
    this.batch = reads.batch.bind(reads);
    this.records = reads.records.bind(reads);
    this.changes = reads.changes.bind(reads);
    this.recordByKey = reads.recordByKey.bind(reads);
    this.findRecords = reads.findRecords.bind(reads);
    this.queryCurrent = reads.queryCurrent.bind(reads);
    this.queryAsOf = reads.queryAsOf.bind(reads);
    this.asOfValues = reads.asOfValues.bind(reads);
    this.diff = reads.diff.bind(reads);
    this.versions = reads.versions.bind(reads);
    this.historyStart = this.retention.historyStart.bind(this.retention);
    this.currentPages = reads.currentPages.bind(reads);
    this.currentValues = reads.currentValues.bind(reads);
    this.canonicalKey = reads.canonicalKey.bind(reads);
    this.quarantine = q.list.bind(q);
    this.quarantinedResource = q.resourceOf.bind(q);
    this.resubmit = q.resubmit.bind(q);
    this.discard = q.discard.bind(q);
    this.subscriptionRow = subs.row.bind(subs);
    this.subscriptionSecret = subs.secret.bind(subs);
    this.subscriptions = subs.list.bind(subs);
    this.subscription = subs.get.bind(subs);
    this.subscribe = subs.subscribe.bind(subs);
    this.patchSubscription = subs.patch.bind(subs);
    this.unsubscribe = subs.unsubscribe.bind(subs);
    this.pull = subs.pull.bind(subs);
    this.ack = subs.ack.bind(subs);
    this.deliveries = subs.deliveries.bind(subs);
    this.deadLetters = subs.deadLetters.bind(subs);
    this.deadLetterSubscription = subs.deadLetterSubscription.bind(subs);
    this.redeliver = subs.redeliver.bind(subs);
    this.stats = figures.stats.bind(figures);
    this.quality = figures.quality.bind(figures);
  }

  /** Connector status per resource, installed by the connector module. */
  set connectorSummaries(fn: ConnectorSummaries) {
    this.reads.connectorSummaries = fn;
  }

  get connectorSummaries(): ConnectorSummaries {
    return this.reads.connectorSummaries;
  }

  // Shared core
  /** Installed by the sharing module: what a consumer may receive from a 有条件共享 resource. */
  readonly setSubscriptionAccess: ExchangeCore['setSubscriptionAccess'];
  readonly subscriptionView: ExchangeCore['subscriptionView'];
  /** Called after a batch with changes commits (delivery workers wake on it). */
  readonly onCommitted: ExchangeCore['onCommitted'];
  readonly recordResource: ExchangeCore['recordResource'];
  readonly schemaOf: ExchangeCore['schemaOf'];
  // Ingest
  readonly ingest: IngestService['ingest'];
  // Reads
  readonly resources: ReadService['resources'];
  readonly resource: ReadService['resource'];
  readonly held: ReadService['held'];
  readonly batches: ReadService['batches'];
  readonly batch: ReadService['batch'];
  readonly records: ReadService['records'];
  readonly changes: ReadService['changes'];
  readonly recordByKey: ReadService['recordByKey'];
  readonly findRecords: ReadService['findRecords'];
  readonly queryCurrent: ReadService['queryCurrent'];
  readonly queryAsOf: ReadService['queryAsOf'];
  readonly asOfValues: ReadService['asOfValues'];
  readonly diff: ReadService['diff'];
  readonly versions: ReadService['versions'];
  /** The earliest moment `queryAsOf`, `asOfValues` and `diff` answer exactly (CHANGE_LOG_RETENTION_DAYS back). */
  readonly historyStart: ExchangeRetentionService['historyStart'];
  readonly currentPages: ReadService['currentPages'];
  readonly currentValues: ReadService['currentValues'];
  readonly canonicalKey: ReadService['canonicalKey'];
  // Quarantine
  readonly quarantine: QuarantineService['list'];
  readonly quarantinedResource: QuarantineService['resourceOf'];
  readonly resubmit: QuarantineService['resubmit'];
  readonly discard: QuarantineService['discard'];
  // Subscriptions and pull
  readonly subscriptionRow: SubscriptionService['row'];
  readonly subscriptionSecret: SubscriptionService['secret'];
  readonly subscriptions: SubscriptionService['list'];
  readonly subscription: SubscriptionService['get'];
  readonly subscribe: SubscriptionService['subscribe'];
  readonly patchSubscription: SubscriptionService['patch'];
  readonly unsubscribe: SubscriptionService['unsubscribe'];
  readonly pull: SubscriptionService['pull'];
  readonly ack: SubscriptionService['ack'];
  readonly deliveries: SubscriptionService['deliveries'];
  readonly deadLetters: SubscriptionService['deadLetters'];
  readonly deadLetterSubscription: SubscriptionService['deadLetterSubscription'];
  readonly redeliver: SubscriptionService['redeliver'];
  // Figures
  readonly stats: FiguresService['stats'];
  readonly quality: FiguresService['quality'];
}
