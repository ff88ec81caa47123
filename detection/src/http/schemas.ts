// Request schemas of the rule API (TypeBox): bad input is a 400 before any handler runs.
import { Type } from '@sinclair/typebox';

const LEVEL = '(informational|low|medium|high|critical)';
const literals = <T extends string>(...values: T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const ListRulesQuery = Type.Object(
  {
    level: Type.Optional(Type.String({ pattern: `^${LEVEL}(,${LEVEL})*$`, description: 'Comma-separated Sigma levels' })),
    status: Type.Optional(literals('stable', 'test', 'experimental', 'deprecated', 'unsupported')),
    kind: Type.Optional(literals('rule', 'correlation')),
    product: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    service: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    enabled: Type.Optional(Type.Boolean()),
    loaded: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

export const ListProblemsQuery = Type.Object(
  {
    stage: Type.Optional(literals('parse', 'pipeline', 'compile', 'matcher', 'correlation')),
    severity: Type.Optional(literals('error', 'warning')),
    code: Type.Optional(Type.String({ pattern: '^HALONG_[A-Z0-9_]+$', maxLength: 100 })),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);

export const RuleParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });

export const RuleStateBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

export const HuntBody = Type.Object(
  {
    rule: Type.String({ minLength: 1, maxLength: 256, description: 'Rule or correlation: key, id or name' }),
    since: Type.String({ minLength: 1, maxLength: 64, description: 'A duration back from now (24h, 7d) or an ISO date' }),
    until: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'An ISO date' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);
