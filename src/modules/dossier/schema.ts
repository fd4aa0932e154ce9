import { Type, type Static } from 'typebox';
import { CreditProfile } from '../credit/index.ts';
import { LicenseSummary } from '../licenses/index.ts';
import { GoldenRecordDetail } from '../registries/index.ts';
import { BigintId, Limit, Nullable, Timestamp } from '../../core/schema.ts';

const SubjectKind = Type.Union([Type.Literal('person'), Type.Literal('legal_person')], {
  description: 'person: 自然人 (身份证号); legal_person: 法人和其他组织 (统一社会信用代码)',
});

export const DossierParams = Type.Object({
  id: Type.String({ maxLength: 40, description: 'Golden record id' }),
});

export const Dossier = Type.Object(
  {
    kind: SubjectKind,
    /** The golden record with the source and rule of every value and its linked source records. */
    registry: GoldenRecordDetail,
    /** The subject's e-licenses; null when the caller may not read licenses. */
    licenses: Nullable(Type.Array(LicenseSummary)),
    /** The subject's credit profile; null when the caller may not read credit. */
    credit: Nullable(CreditProfile),
    /** Sections left out, and why: the page says so instead of showing an empty list. */
    omitted: Type.Array(
      Type.Object({
        section: Type.Union([Type.Literal('licenses'), Type.Literal('credit')]),
        reason: Type.Union([Type.Literal('forbidden'), Type.Literal('no_key')]),
      }),
    ),
  },
  {
    $id: 'Dossier',
    description: '一人一档 / 一企一档: everything the city holds about one person or company',
  },
);
export type DossierT = Static<typeof Dossier>;

export const MyDossier = Type.Object(
  {
    subjects: Type.Array(
      Type.Object({
        kind: SubjectKind,
        code: Type.String({ description: 'The account’s own number, in clear' }),
        name: Type.String(),
        /** Null when no registry holds the subject yet. */
        registry: Nullable(GoldenRecordDetail),
        licenses: Type.Array(LicenseSummary),
        credit: CreditProfile,
      }),
    ),
  },
  { $id: 'MyDossier', description: 'The signed-in citizen’s or company’s own record (我的档案)' },
);
export type MyDossierT = Static<typeof MyDossier>;

export const DataUse = Type.Object(
  {
    id: Type.String(),
    at: Timestamp,
    action: Type.String({ description: 'Audit action code (registry.read, data.lookup, license.use …)' }),
    outcome: Type.String({ description: 'success, or denied for a refused attempt' }),
    actorKind: Type.String({ description: 'user, apikey (a department’s system) or system' }),
    departmentId: Nullable(Type.String()),
    departmentName: Nullable(Type.String({ description: 'The department that used the data' })),
    objectType: Nullable(Type.String()),
    objectName: Nullable(Type.String()),
  },
  { $id: 'DataUse' },
);
export type DataUseT = Static<typeof DataUse>;

export const DataUseQuery = Type.Object(
  {
    limit: Type.Optional(Limit(100)),
    before: Type.Optional(BigintId({ description: 'Keyset cursor: the nextCursor of the page before' })),
  },
  { additionalProperties: false },
);

export const DataUsePage = Type.Object(
  { items: Type.Array(DataUse), nextCursor: Nullable(Type.String()) },
  { $id: 'DataUsePage', description: '谁用了我的数据: newest first' },
);
