// The policy set published as version 1 when none exists: admins administer, analysts and
// responders read (alerts, events, cases, decisions, Sigma rules), workloads do their own jobs,
// and risk or quarantine denies everything.
import type { PolicySource } from '../pdp/policy-types';

const TEXT = `# Halong default policies (version 1). Edit through the admin API; every change is a new version.
policies:
  - id: admins-administer
    description: System admins manage access policy, identities, quarantine and read decisions and audit
    effect: allow
    subjects:
      - kind: user
        roles: [admin]
    resources:
      - type: "*"
    actions: ["*"]
    reason_user: Administrators may manage Halong.

  - id: analysts-read
    description: SOC analysts and incident responders read alerts, events, cases and decisions
    effect: allow
    subjects:
      - kind: user
        roles: [analyst, responder, soc-lead]
    resources:
      - type: alert
      - type: events
      - type: case
      - type: decision
    actions: [read, list, search]

  - id: analysts-read-detection-rules
    description: SOC analysts, responders and leads see the Sigma rules, their counters and load problems, and hunt history with them; changing a rule's state is for admins (admins-administer)
    effect: allow
    subjects:
      - kind: user
        roles: [analyst, responder, soc-lead]
    resources:
      - type: sigma-rule
    actions: [read, list, search]

  - id: services-ask-the-pdp
    description: Halong services ask the policy engine for decisions (AuthZEN)
    effect: allow
    subjects:
      - kind: service
    resources:
      - type: authzen
    actions: [evaluate]

  - id: collectors-ship-events
    description: Collectors and devices ship events
    effect: allow
    subjects:
      - kind: [collector, device]
    resources:
      - type: events
    actions: [write, create]

  - id: deny-high-risk
    description: Subjects whose risk from detections reached 80 are denied everywhere
    effect: deny
    priority: 100
    subjects:
      - id: "**"
    resources:
      - type: "*"
    actions: ["*"]
    condition: context.risk >= 80
    reason_user: Your access is paused after a security alert; contact the SOC.
`;

/** The built-in first policy version. */
export const DEFAULT_POLICY_SOURCES: readonly PolicySource[] = [{ file: 'halong-default-policies.yaml', text: TEXT }];
