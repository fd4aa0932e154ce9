import { Type, type Static } from 'typebox';
import { BigintId, Limit, Nullable, Text, Timestamp, Uuid } from '../../core/schema.ts';

const Day = Type.String({ format: 'date', description: 'A day (YYYY-MM-DD), China Standard Time' });

export const HOLDER_KINDS = ['111', '001'] as const;
export type HolderKind = (typeof HOLDER_KINDS)[number];
export const HolderKindEnum = Type.Enum([...HOLDER_KINDS], {
  $id: 'LicenseHolderKind',
  description: '持证主体代码类型: 111 公民身份号码 (a person), 001 统一社会信用代码 (a legal person)',
});

export const LICENSE_STATUSES = ['valid', 'suspended', 'revoked', 'expired'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];
export const LicenseStatusEnum = Type.Enum([...LICENSE_STATUSES], {
  $id: 'LicenseStatus',
  description:
    'valid 有效, suspended 暂停 (中止), revoked 撤销/吊销, expired 已过期 (past validUntil; revoked wins over expired)',
});

export const FIELD_TYPES = ['C', 'N', 'D', 'L'] as const;
export const FIELD_TAGS = ['id_card', 'person_name', 'address', 'mobile'] as const;
export type FieldTag = (typeof FIELD_TAGS)[number];

export const LicenseField = Type.Object(
  {
    name: Text(40),
    dataType: Type.Enum([...FIELD_TYPES], { description: 'C 字符, N 数值, D 日期, L 逻辑' }),
    required: Type.Boolean(),
    tag: Nullable(
      Type.Enum([...FIELD_TAGS], {
        description: 'Personal data: masked in the public signed payload and in masked views',
      }),
    ),
  },
  { $id: 'LicenseField', additionalProperties: false },
);
export type LicenseFieldT = Static<typeof LicenseField>;

export const LicenseTypeInput = Type.Object(
  {
    code: Type.String({
      pattern: '^[0-9A-Z]{18}[0-9]{3}$',
      description: '证照类型代码: the ministry USCC + a 3-digit number',
    }),
    name: Text(60),
    ministryName: Text(60),
    departmentId: Uuid,
    holderKind: HolderKindEnum,
    fields: Type.Array(LicenseField, { minItems: 1, maxItems: 30 }),
    validityYears: Nullable(Type.Integer({ minimum: 1, maximum: 100, description: 'null: 长期有效' })),
  },
  { $id: 'LicenseTypeInput', additionalProperties: false },
);
export type LicenseTypeInputT = Static<typeof LicenseTypeInput>;

export const LicenseType = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    ministryName: Type.String(),
    departmentId: Uuid,
    departmentName: Type.String(),
    holderKind: HolderKindEnum,
    fields: Type.Array(LicenseField),
    validityYears: Nullable(Type.Integer()),
    licenses: Type.Integer({ description: 'Licenses of this type issued (every version)' }),
    createdAt: Timestamp,
  },
  { $id: 'LicenseType' },
);
export type LicenseTypeT = Static<typeof LicenseType>;

export const LicenseTypeCodeParams = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);

/** Any text up to the longest identifier: a malformed one is a 404 the service explains, not a schema 400. */
export const LicenseIdParams = Type.Object(
  { licenseId: Type.String({ minLength: 1, maxLength: 120 }) },
  { additionalProperties: false },
);

const FieldValue = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);

export const LicenseIssueInput = Type.Object(
  {
    typeCode: Type.String({ minLength: 1, maxLength: 40 }),
    number: Text(64, 1),
    holder: Type.Object(
      {
        code: Type.String({ minLength: 1, maxLength: 40, description: '身份证号 or 统一社会信用代码' }),
        name: Text(100),
      },
      { additionalProperties: false },
    ),
    issuedOn: Day,
    validFrom: Type.Optional(Day),
    data: Type.Record(Type.String({ maxLength: 40 }), FieldValue, { maxProperties: 30 }),
  },
  { $id: 'LicenseIssueInput', additionalProperties: false },
);
export type LicenseIssueInputT = Static<typeof LicenseIssueInput>;

export const LicenseReissueInput = Type.Object(
  {
    reason: Text(500),
    number: Text(64, 1),
    holder: LicenseIssueInput.properties.holder,
    issuedOn: Day,
    validFrom: Type.Optional(Day),
    data: LicenseIssueInput.properties.data,
  },
  { $id: 'LicenseReissueInput', additionalProperties: false },
);

export const StatusChangeBody = Type.Object({ reason: Text(500) }, { additionalProperties: false });

export const LicenseUseInput = Type.Object(
  {
    reason: Text(500),
    departmentId: Type.Optional(Uuid),
  },
  { $id: 'LicenseUseInput', additionalProperties: false },
);

export const LicenseSummary = Type.Object(
  {
    licenseId: Type.String(),
    seq: Type.String({ description: 'Keyset cursor' }),
    name: Type.String({ description: '证照名称' }),
    typeCode: Type.String(),
    number: Type.String({ description: '证照编号' }),
    holderKind: HolderKindEnum,
    holderCode: Type.String({ description: '持证主体代码, masked unless the caller may see it in clear' }),
    holderName: Type.String(),
    issuerId: Uuid,
    issuerName: Type.String(),
    issuerCode: Type.String(),
    issuedOn: Day,
    validFrom: Day,
    validUntil: Nullable(Day),
    version: Type.Integer(),
    status: LicenseStatusEnum,
  },
  { $id: 'LicenseSummary' },
);
export type LicenseSummaryT = Static<typeof LicenseSummary>;

export const LicenseEvent = Type.Object(
  {
    action: Type.Enum(['issue', 'suspend', 'revoke', 'restore']),
    fromStatus: Nullable(Type.String()),
    toStatus: Type.String(),
    reason: Nullable(Type.String()),
    actorName: Nullable(Type.String()),
    at: Timestamp,
  },
  { $id: 'LicenseEvent' },
);

export const LicenseSeal = Type.Object(
  {
    algorithm: Type.Literal('SM2-with-SM3'),
    userId: Type.String(),
    payload: Type.String({ description: 'base64 of the exact signed bytes (UTF-8 canonical JSON)' }),
    signature: Type.String({ description: 'base64 DER SM2 signature' }),
    publicKeyPem: Type.String({ description: 'The issuer seal key, SubjectPublicKeyInfo PEM' }),
    verified: Type.Boolean({ description: 'The signature verifies over the payload' }),
    contentIntact: Type.Boolean({
      description: 'The stored data in clear still hashes to the contentDigest the payload signs',
    }),
  },
  { $id: 'LicenseSeal' },
);

export const LicenseDetail = Type.Object(
  {
    ...LicenseSummary.properties,
    data: Type.Record(Type.String(), Type.Unknown(), { description: "The type's field values" }),
    fields: Type.Array(LicenseField),
    clear: Type.Boolean({ description: 'Whether holder and personal fields are shown in clear' }),
    statusReason: Nullable(Type.String()),
    history: Type.Array(LicenseEvent),
    seal: LicenseSeal,
    verifyUrl: Type.String({ description: 'The public verification page this license’s QR code points to' }),
  },
  { $id: 'LicenseDetail' },
);
export type LicenseDetailT = Static<typeof LicenseDetail>;

export const LicenseQuery = Type.Object(
  {
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    holder: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Exact holder code' })),
    status: Type.Optional(LicenseStatusEnum),
    issuerId: Type.Optional(Uuid),
    limit: Type.Optional(Limit(200, 50)),
    after: Type.Optional(BigintId({ description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type LicenseQueryT = Static<typeof LicenseQuery>;

export const LicensePage = Type.Object(
  { items: Type.Array(LicenseSummary), nextCursor: Nullable(Type.String()) },
  { $id: 'LicensePage' },
);

export const LicenseUse = Type.Object(
  {
    id: Type.String(),
    departmentId: Uuid,
    departmentName: Type.String(),
    reason: Type.String(),
    actorName: Nullable(Type.String()),
    at: Timestamp,
  },
  { $id: 'LicenseUse' },
);
export type LicenseUseT = Static<typeof LicenseUse>;

export const LicenseUseResult = Type.Object(
  { use: LicenseUse, license: LicenseDetail },
  { $id: 'LicenseUseResult' },
);

export const PublicLicense = Type.Object(
  {
    licenseId: Type.String(),
    type: Type.Object({ code: Type.String(), name: Type.String() }),
    issuer: Type.Object({ name: Type.String(), code: Type.String() }),
    status: LicenseStatusEnum,
    issuedAt: Day,
    validUntil: Nullable(Day),
    holder: Type.Object({
      kind: HolderKindEnum,
      name: Type.String({ description: 'Masked for a person (surname kept)' }),
      code: Type.String({ description: 'Masked for a person (first 6 and last 4 kept)' }),
    }),
    payload: Type.String({ description: 'base64 of the exact signed bytes' }),
    signature: Type.String({ description: 'base64 DER SM2 signature, SM3, default user id' }),
    signatureAlgorithm: Type.Literal('SM2-with-SM3'),
    userId: Type.String({ description: 'SM2 signer id (GM/T 0009 default)' }),
    publicKeyPem: Type.String({ description: 'SubjectPublicKeyInfo PEM of the issuer seal key' }),
  },
  { $id: 'PublicLicense' },
);
export type PublicLicenseT = Static<typeof PublicLicense>;

export const QrCode = Type.Object(
  { url: Type.String(), svg: Type.String({ description: 'An SVG image of the QR code' }) },
  { $id: 'LicenseQrCode' },
);
