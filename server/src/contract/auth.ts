import { Type, type Static } from '@sinclair/typebox';

/** Staff roles (issue #3): a nurse runs sessions and charts; a supervisor reads everything a nurse
 * reads plus history, exports and the audit trail; an admin runs users, chairs and ingest tokens. */
export const ROLES = ['nurse', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an ingest token lets a machine do: a `monitor` records vitals; a `simulator` also opens and
 * ends sessions (it plays the nurse as well as the monitor). */
export const TOKEN_KINDS = ['monitor', 'simulator'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const TokenKindSchema = Type.Union(TOKEN_KINDS.map((k) => Type.Literal(k)));

export const PASSWORD_RULES = { minLength: 10, maxLength: 200 } as const;
const Username = Type.String({ minLength: 2, maxLength: 40, pattern: '^[a-z0-9._-]+$', description: 'lower-case letters, digits, . _ -' });
const Password = Type.String({ ...PASSWORD_RULES });

export const LoginInput = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 40 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginInput = Static<typeof LoginInput>;

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type User = Static<typeof User>;

/** `GET /api/auth/me` and the reply to a login. */
export const Me = Type.Object({
  user: User,
  /** The session ends after this long without a request. */
  idleTimeoutS: Type.Integer(),
});
export type Me = Static<typeof Me>;

/** Demo mode only: the seeded accounts, shown on the login page. */
export const DemoAccounts = Type.Object({
  password: Type.String(),
  accounts: Type.Array(Type.Object({ username: Type.String(), role: RoleSchema })),
});
export type DemoAccounts = Static<typeof DemoAccounts>;

/** First start without users: the one-time setup link creates the first admin. */
export const SetupInput = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 80 }),
    password: Password,
  },
  { additionalProperties: false },
);

export const UserCreateInput = Type.Object(
  { username: Username, displayName: Type.String({ minLength: 1, maxLength: 80 }), role: RoleSchema, password: Password },
  { additionalProperties: false },
);
export type UserCreateInput = Static<typeof UserCreateInput>;

export const UserUpdateInput = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserUpdateInput = Static<typeof UserUpdateInput>;

export const IngestToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: TokenKindSchema,
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type IngestToken = Static<typeof IngestToken>;

export const IngestTokenCreateInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80 }), kind: Type.Optional(TokenKindSchema) },
  { additionalProperties: false },
);

/** The secret is shown once, at creation; only its hash is stored. */
export const IngestTokenCreated = Type.Object({ token: IngestToken, secret: Type.String() });

export const AuditEvent = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  username: Type.String(),
  role: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Union([Type.String(), Type.Null()]),
  after: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    username: Type.Optional(Type.String({ maxLength: 40 })),
    action: Type.Optional(Type.String({ maxLength: 60, description: 'exact action, or a prefix ending in "." (e.g. "session.")' })),
    entity: Type.Optional(Type.String({ maxLength: 40 })),
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'cursor: events with a smaller id (older)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object({
  events: Type.Array(AuditEvent),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});
export type AuditPage = Static<typeof AuditPage>;
