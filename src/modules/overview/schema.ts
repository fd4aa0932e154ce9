import { Type, type Static } from 'typebox';
import { Nullable, Timestamp, Uuid } from '../../core/schema.ts';
import { RoleName } from '../identity/index.ts';

const Count = Type.Integer({ minimum: 0 });

/** The city's figures: what the platform holds and who uses it, counted on every request. */
export const CityFigures = Type.Object(
  {
    departments: Count,
    users: Count,
    activeApiKeys: Count,
    regions: Type.Object({ district: Count, town: Count, village: Count }),
    auditLast24h: Count,
    usersByRole: Type.Array(Type.Object({ role: RoleName, count: Count })),
  },
  { $id: 'CityFigures' },
);
export type CityFiguresT = Static<typeof CityFigures>;

const RequestStatus = Type.Enum(['pending', 'second_review', 'approved', 'rejected', 'withdrawn']);

/** A request as a line of a to-do list: what, between whom, by when. */
export const HomeRequest = Type.Object(
  {
    id: Uuid,
    resourceName: Type.String(),
    providerDepartmentName: Type.String(),
    consumerDepartmentName: Type.String(),
    status: RequestStatus,
    dueAt: Timestamp,
    overdue: Type.Boolean(),
    createdAt: Timestamp,
  },
  { $id: 'HomeRequest' },
);

/** The first few of a list and how many there are in all. */
const Sample = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ total: Count, items: Type.Array(item) });

/** 平台运营: the operator's desk. */
export const OperatorHome = Type.Object({
  city: CityFigures,
  overdueRequests: Sample(HomeRequest),
  secondReviews: Sample(HomeRequest),
  /** Security agreements in force that end within `lapsingWithinDays`. */
  lapsingAgreements: Sample(
    Type.Object({
      id: Uuid,
      departmentName: Type.String(),
      title: Type.String(),
      validTo: Type.String({ format: 'date' }),
    }),
  ),
  lapsingWithinDays: Count,
  /** Departments with no security agreement in force: they can neither request nor receive shared data. */
  departmentsWithoutAgreement: Count,
});

/** 部门数据管理员: the steward's desk for the departments it stewards. */
export const StewardHome = Type.Object({
  departments: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  inbox: Sample(HomeRequest),
  inboxOverdue: Count,
  quarantine: Sample(Type.Object({ resourceId: Uuid, resourceName: Type.String(), openRows: Count })),
  quarantinedRows: Count,
  deadLetters: Sample(
    Type.Object({
      id: Uuid,
      resourceName: Type.String(),
      consumerDepartmentName: Type.String(),
      attempts: Count,
      createdAt: Timestamp,
    }),
  ),
  /** The stewarded departments' record resources, those needing attention first. */
  resources: Sample(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      recordsHeld: Count,
      lastChangeAt: Nullable(Timestamp),
      overdue: Type.Boolean(),
      openQuarantine: Count,
      subscriptions: Count,
    }),
  ),
});

/** 部门数据使用者: my department's requests and what its grants allow today. */
export const ConsumerHome = Type.Object({
  departments: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  requestsByStatus: Type.Object({
    pending: Count,
    second_review: Count,
    approved: Count,
    rejected: Count,
    withdrawn: Count,
  }),
  recentRequests: Sample(HomeRequest),
  activeGrants: Sample(
    Type.Object({
      id: Uuid,
      resourceName: Type.String(),
      providerDepartmentName: Type.String(),
      purpose: Type.String(),
      callsToday: Count,
      dailyQuota: Nullable(Count),
      validTo: Timestamp,
    }),
  ),
});

/** 审计员: refusals to look at, and where the signed chain stands. */
export const AuditorHome = Type.Object({
  /** Denied entries of the last `deniedWithinDays` days, newest first (at most ten). */
  recentDenied: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Timestamp,
      actorName: Nullable(Type.String()),
      action: Type.String(),
      objectType: Nullable(Type.String()),
      objectName: Nullable(Type.String()),
      departmentName: Nullable(Type.String()),
    }),
  ),
  deniedWithinDays: Count,
  entriesLast24h: Count,
  /** The newest signed checkpoint of the chain heads; verifying walks on from it. */
  lastCheckpoint: Nullable(Type.Object({ id: Type.String(), at: Timestamp, trusted: Type.Boolean() })),
});

/** 窗口人员: what the published catalog offers to request. */
export const StaffHome = Type.Object({
  publishedResources: Count,
  providingDepartments: Count,
  bySharingType: Type.Array(Type.Object({ value: Type.String(), count: Count })),
});

/** 公众用户: what the platform serves the public today. */
export const CitizenHome = Type.Object({
  departments: Count,
  regions: Type.Object({ district: Count, town: Count, village: Count }),
});

/** The caller's home: one section per role it holds, each authorized on its own. */
export const Home = Type.Object(
  {
    operator: Type.Optional(OperatorHome),
    steward: Type.Optional(StewardHome),
    consumer: Type.Optional(ConsumerHome),
    auditor: Type.Optional(AuditorHome),
    staff: Type.Optional(StaffHome),
    citizen: Type.Optional(CitizenHome),
  },
  { $id: 'OverviewHome' },
);
export type HomeT = Static<typeof Home>;
export type HomeRequestT = Static<typeof HomeRequest>;
