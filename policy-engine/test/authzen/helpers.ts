// Builders shared by the AuthZEN tests: real PDPs from policy YAML, a counted PDP, and a server.
import type { Decision } from '@halong/core';
import type { AuthorizeHook, HalongServer } from '@halong/core/node';
import { createLogger, createMetrics, createServer } from '@halong/core/node';
import type { AuthzenCatalog, AuthzenEvaluator } from '../../src/authzen';
import { authzenRoutes, createAuthzenEvaluator } from '../../src/authzen';
import type { DecisionRequest, Pdp } from '../../src/pdp';
import { createPdp } from '../../src/pdp';
import { fixedClock, fixture, load } from '../pdp/helpers';

export { T0 } from '../pdp/helpers';

export const BASE_URL = 'https://pdp.halong.test:8443';

/** The SOC policy fixture of the PDP tests, as version v7. */
export const socPdp = (version = 'v7'): Pdp => createPdp(load(fixture('soc-policies.yaml'), 'soc-policies.yaml'), { version, clock: fixedClock });

/** Policies written for searches: site-scoped alert reading, a deny on archived alerts, literal ids. */
export const SEARCH_POLICIES = `
policies:
  - id: analysts-read-site-alerts
    description: Analysts read and list the alerts of their own site
    effect: allow
    subjects:
      - kind: user
        roles: [analyst]
    resources:
      - type: alert
        id: "alerts/**"
    actions: [read, list]
    condition: resource.properties.site == subject.properties.site
    reason_user: You can read the alerts of your site.
  - id: archive-is-frozen
    description: Nobody touches archived alerts
    effect: deny
    subjects:
      - id: "**"
    resources:
      - type: alert
        id: "alerts/archive/**"
    actions: ["*"]
  - id: bob-rotates-the-ca
    description: Bob alone rotates the root CA
    effect: allow
    subjects:
      - kind: user
        id: bob
    resources:
      - type: ca
        id: root
        site: hq
    actions: [rotate]
  - id: collectors-write-events
    description: Collector qn-01/c1 ships events
    effect: allow
    subjects:
      - id: spiffe://halong.local/collector/qn-01/c1
    resources:
      - type: events
        id: "events/*"
    actions: [write]
`;

/** A PDP over {@link SEARCH_POLICIES}. */
export const searchPdp = (version = 's1'): Pdp => createPdp(load(SEARCH_POLICIES, 'search-policies.yaml'), { version, clock: fixedClock });

/** Wraps a PDP so that every decide call is counted. */
export function counted(pdp: Pdp): Pdp & { decide: jest.Mock<ReturnType<Pdp['decide']>, [DecisionRequest]> } {
  return { version: pdp.version, size: pdp.size, decide: jest.fn((request: DecisionRequest) => pdp.decide(request)) };
}

/** An evaluator with a frozen clock, ids d-1, d-2, … and every decision collected. */
export function evaluatorFor(pdp: Pdp, catalog?: AuthzenCatalog): { evaluator: AuthzenEvaluator; decisions: Decision[] } {
  const decisions: Decision[] = [];
  let n = 0;
  const evaluator = createAuthzenEvaluator({
    pdp: () => pdp,
    clock: fixedClock,
    newId: () => `d-${++n}`,
    onDecision: (d) => decisions.push(d),
    ...(catalog ? { catalog } : {}),
  });
  return { evaluator, decisions };
}

const servers: HalongServer[] = [];

/** A Halong server with the AuthZEN routes, allowing everything unless `authorize` is given (null: no authorizer). */
export function serverWith(evaluator: AuthzenEvaluator, authorize: AuthorizeHook | null = async () => null): HalongServer {
  const app = createServer({
    service: 'policy-engine-test',
    version: '0.0.0',
    logger: createLogger('test', 'silent'),
    metrics: createMetrics({ defaultMetrics: false }),
    ...(authorize ? { authorize } : {}),
  });
  void app.register(authzenRoutes, { evaluator, baseUrl: () => `${BASE_URL}/` });
  servers.push(app);
  return app;
}

/** Closes every server built by {@link serverWith}; call it in afterEach. */
export async function closeServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
}

/** The analyst of site qn-01 reading an alert of her site from the office network (allowed by soc-policies). */
export const analystRead = {
  subject: { type: 'user', id: 'alice', properties: { roles: ['analyst'], site: 'qn-01' } },
  resource: { type: 'alert', id: 'alerts/qn-01/42', properties: { site: 'qn-01' } },
  action: { name: 'read' },
  context: { ip: '10.20.1.9' },
};
