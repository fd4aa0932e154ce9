/** How exchange rows become API answers: one place per object kind, so every route presents it the same way. */
import type { Resource } from '../catalog/index.ts';
import type { BatchRow } from './repo.ts';
import type { DeadLetterRow, DeliveryRow, SubscriptionRow } from './subscription-repo.ts';
import type { BatchT, ExchangeResourceT, IngestResultT, RowErrorT, SubscriptionT } from './schema.ts';
import type { IngestMode, OnError } from './types.ts';

/** A resource's exchange state as `exchangeRepo.resourceStates` reads it. */
export interface ResourceState {
  last_seq: string | null;
  records_held: string | null;
  last_change_at: Date | null;
  batches: number;
  open_quarantine: number;
  subscriptions: number;
}

const num = (v: string | null) => (v === null ? null : Number(v));

export function presentResource(
  r: Resource,
  s: ResourceState | undefined,
  connector: ExchangeResourceT['connector'],
): ExchangeResourceT {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    formatCategory: r.formatCategory,
    sharingType: r.sharingType,
    updateCycle: r.updateCycle,
    recordsHeld: Number(s?.records_held ?? 0),
    lastSeq: Number(s?.last_seq ?? 0),
    lastChangeAt: s?.last_change_at?.toISOString() ?? null,
    // The catalog's own timeliness rule (data older than the update cycle allows, counted from publication
    // when no data came yet), fed by this change log.
    overdue: r.overdue,
    batches: s?.batches ?? 0,
    openQuarantine: s?.open_quarantine ?? 0,
    subscriptions: s?.subscriptions ?? 0,
    connector,
  };
}

export function presentItems(r: Resource) {
  return r.items.map((i) => ({
    name: i.name,
    dataType: i.dataType,
    length: i.length,
    required: i.required,
    isKey: i.isKey,
    sensitive: i.sensitive,
    semanticTag: i.semanticTag,
  }));
}

export function presentBatch(b: BatchRow, resourceName: string): BatchT {
  return {
    id: b.id,
    resourceId: b.resource_id,
    resourceName,
    source: b.source as BatchT['source'],
    mode: b.mode as IngestMode,
    onError: b.on_error as OnError,
    outcome: b.outcome as BatchT['outcome'],
    actorName: b.actor_name,
    received: Number(b.received),
    inserted: Number(b.inserted),
    updated: Number(b.updated),
    unchanged: Number(b.unchanged),
    deleted: Number(b.deleted),
    rejected: Number(b.rejected),
    bytes: Number(b.bytes),
    firstSeq: num(b.first_seq),
    lastSeq: num(b.last_seq),
    errorCounts: b.error_counts,
    errorMessage: b.error_message,
    durationMs: b.duration_ms,
    at: b.at.toISOString(),
  };
}

/** An applied batch as the ingest result it answered (idempotent replays return it). */
export function presentResult(b: BatchRow): IngestResultT {
  return {
    batchId: b.id,
    resourceId: b.resource_id,
    mode: b.mode as IngestMode,
    onError: b.on_error as OnError,
    dryRun: false,
    replayed: false,
    received: Number(b.received),
    inserted: Number(b.inserted),
    updated: Number(b.updated),
    unchanged: Number(b.unchanged),
    deleted: Number(b.deleted),
    quarantined: b.on_error === 'quarantine' ? Number(b.rejected) : 0,
    rejected: b.errors as RowErrorT[],
    rejectedTotal: Number(b.rejected),
    firstSeq: num(b.first_seq),
    lastSeq: num(b.last_seq),
    bytes: Number(b.bytes),
    durationMs: b.duration_ms,
  };
}

export function presentSubscription(
  s: SubscriptionRow,
  resource: Resource | undefined,
  consumerName: string,
): SubscriptionT {
  const acked = Number(s.acked_seq);
  const last = Number(s.last_seq);
  return {
    id: s.id,
    resourceId: s.resource_id,
    resourceCode: resource?.code ?? '',
    resourceName: resource?.name ?? '',
    providerDepartmentName: resource?.departmentName ?? '',
    consumerDepartmentId: s.consumer_department_id,
    consumerDepartmentName: consumerName,
    items: s.items,
    mode: s.mode,
    webhookUrl: s.webhook_url,
    status: s.status,
    ackedSeq: acked,
    lastSeq: last,
    lag: Math.max(0, last - acked),
    attempts: s.attempts,
    maxAttempts: s.max_attempts,
    nextAttemptAt: s.next_attempt_at.toISOString(),
    lastError: s.last_error,
    lastDeliveredAt: s.last_delivered_at?.toISOString() ?? null,
    createdAt: s.created_at.toISOString(),
  };
}

export function presentDelivery(d: DeliveryRow) {
  return {
    id: d.id,
    subscriptionId: d.subscription_id,
    mode: d.mode,
    fromSeq: Number(d.from_seq),
    toSeq: Number(d.to_seq),
    changes: d.changes,
    bytes: Number(d.bytes),
    attempt: d.attempt,
    outcome: d.outcome,
    statusCode: d.status_code,
    error: d.error,
    durationMs: d.duration_ms,
    at: d.at.toISOString(),
  };
}

export function presentDeadLetter(d: DeadLetterRow, resourceName: string, consumerName: string) {
  return {
    id: d.id,
    subscriptionId: d.subscription_id,
    resourceId: d.resource_id,
    resourceName,
    consumerDepartmentId: d.consumer_department_id,
    consumerDepartmentName: consumerName,
    fromSeq: Number(d.from_seq),
    toSeq: Number(d.to_seq),
    attempts: d.attempts,
    lastError: d.last_error,
    createdAt: d.created_at.toISOString(),
    redeliveredAt: d.redelivered_at?.toISOString() ?? null,
  };
}
