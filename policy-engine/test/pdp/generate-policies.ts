// Deterministic generator of a realistic RBAC/ABAC policy set (YAML) and of requests against it,
// used by the 1,000-policy test and by bench/pdp-bench.ts.
import { stringify } from 'yaml';
import type { DecisionRequest } from '../../src/pdp/decision-types';

export const SITES = Array.from({ length: 40 }, (_, i) => `qn-${String(i + 1).padStart(2, '0')}`);
export const TYPES = [
  'alert', 'case', 'event', 'dashboard', 'report', 'playbook', 'policy', 'identity',
  'host', 'collector-config', 'device-config', 'evidence', 'threat-intel', 'vulnerability', 'asset', 'audit-log',
];
export const ROLE_ACTIONS: Record<string, string[]> = {
  viewer: ['read', 'list'],
  analyst: ['read', 'list', 'comment'],
  responder: ['read', 'list', 'update', 'run'],
  'soc-lead': ['read', 'list', 'update', 'assign', 'approve'],
  auditor: ['read', 'list', 'export'],
  engineer: ['read', 'list', 'create', 'update'],
  contractor: ['read'],
};
export const ROLES = Object.keys(ROLE_ACTIONS);
export const ACTIONS = [...new Set(Object.values(ROLE_ACTIONS).flat()), 'delete', 'write'];
export const SOC_CIDR = '10.20.0.0/16';

/** A seeded PRNG (mulberry32), so every run generates the same set. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function shuffle<T>(r: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

type Policy = Record<string, unknown>;

function sitePolicies(site: string, r: () => number): Policy[] {
  const out: Policy[] = [];
  for (const role of ROLES) {
    const types = shuffle(r, TYPES).slice(0, 2 + Math.floor(r() * 2));
    for (const type of types) {
      const p: Policy = {
        id: `${site}-${role}-${type}`,
        description: `${role}s of ${site} work on ${type}s of their site`,
        effect: 'allow',
        subjects: [{ kind: 'user', roles: [role], site }],
        resources: [{ type, site }],
        actions: ROLE_ACTIONS[role],
      };
      if (r() < 0.25) p['condition'] = `context.risk < ${50 + Math.floor(r() * 30)}`;
      if (role === 'soc-lead' && r() < 0.5) p['obligations'] = [{ id: 'step_up_mfa' }];
      out.push(p);
    }
  }
  out.push({
    id: `${site}-collectors-write-events`,
    description: `collectors of ${site} ship events`,
    effect: 'allow',
    subjects: [{ kind: 'collector', id: `spiffe://halong.local/collector/${site}/*` }],
    resources: [{ type: 'event' }],
    actions: ['write'],
  });
  out.push({
    id: `${site}-devices-read-config`,
    description: `devices of ${site} read their configuration`,
    effect: 'allow',
    subjects: [{ kind: 'device', id: `spiffe://halong.local/device/${site}/*` }],
    resources: [{ type: 'device-config', site }],
    actions: ['read'],
  });
  out.push({
    id: `${site}-evidence-export-from-soc-only`,
    description: `evidence of ${site} leaves only through the SOC network`,
    effect: 'deny',
    priority: 50,
    subjects: [{ kind: 'user' }],
    resources: [{ type: 'evidence', site }],
    actions: ['export', 'read'],
    condition: `!ipInCidr(context.ip, "${SOC_CIDR}")`,
    reason_user: 'Evidence can only be opened from the SOC network.',
  });
  return out;
}

function globalPolicies(): Policy[] {
  return [
    { id: 'deny-high-risk', description: 'risky subjects are denied', effect: 'deny', priority: 100, subjects: [{ id: '*' }], resources: [{ type: '*' }], actions: ['*'], condition: 'context.risk >= 80', reason_user: 'Access is paused because of unusual activity.' },
    { id: 'deny-contractors-sensitive', description: 'contractors never touch identities, policies or audit logs', effect: 'deny', priority: 90, subjects: [{ roles: ['contractor'] }], resources: [{ type: ['identity', 'policy', 'audit-log'] }], actions: ['*'] },
    { id: 'admins-everything-from-soc', description: 'admins do anything from the SOC network', effect: 'allow', subjects: [{ kind: 'user', roles: ['admin'] }], resources: [{ type: '*' }], actions: ['*'], condition: `ipInCidr(context.ip, "${SOC_CIDR}")`, obligations: [{ id: 'step_up_mfa' }] },
    { id: 'auditors-audit-log', description: 'auditors read every audit log', effect: 'allow', subjects: [{ roles: ['auditor'] }], resources: [{ type: 'audit-log' }], actions: ['read', 'list', 'export'] },
    { id: 'night-shift-responders', description: 'responders run playbooks at night', effect: 'allow', subjects: [{ kind: 'user', groups: ['night-shift'] }], resources: [{ type: 'playbook' }], actions: ['run'], condition: 'hourIn(context.now, "Asia/Ho_Chi_Minh") >= 22 || hourIn(context.now, "Asia/Ho_Chi_Minh") < 6' },
    { id: 'services-read-threat-intel', description: 'Halong services read threat intel', effect: 'allow', subjects: [{ kind: 'service', id: 'spiffe://halong.local/service/core/*' }], resources: [{ type: 'threat-intel' }], actions: ['read', 'list'] },
    { id: 'deny-quarantined-hosts', description: 'nobody changes a quarantined host but responders', effect: 'deny', priority: 80, subjects: [{ kind: 'user' }], resources: [{ type: 'host' }], actions: ['update', 'delete'], condition: 'context.resource_quarantined && !("responder" in subject.properties.roles)' },
  ];
}

function fillerPolicy(i: number, r: () => number): Policy {
  const type = pick(r, TYPES);
  const dept = pick(r, ['finance', 'health', 'education', 'transport', 'police']);
  return {
    id: `dept-${dept}-${type}-${i}`,
    description: `${dept} department staff read ${type}s tagged for them`,
    effect: 'allow',
    subjects: [{ kind: 'user', claims: { department: [dept] } }],
    resources: [{ type, id: [`${dept}/*`] }],
    actions: ['read', 'list'],
    condition: `context.risk < 60 && resource.properties.classification != "secret"`,
  };
}

/** Generates `count` policies as one YAML document (a list), deterministic for a seed. */
export function generatePolicyYaml(count = 1000, seed = 7): string {
  const r = rng(seed);
  const policies: Policy[] = globalPolicies();
  for (const site of SITES) policies.push(...sitePolicies(site, r));
  for (let i = 0; policies.length < count; i++) policies.push(fillerPolicy(i, r));
  return stringify(policies.slice(0, count), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Generates requests over the same sites, roles, types and actions, with varied context. */
export function generateRequests(count: number, seed = 11): DecisionRequest[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i): DecisionRequest => {
    const site = pick(r, SITES);
    const kind = r() < 0.8 ? 'user' : pick(r, ['collector', 'device', 'service'] as const);
    const subject: DecisionRequest['subject'] =
      kind === 'user'
        ? { type: 'user', id: `user-${i % 500}`, properties: { roles: [pick(r, [...ROLES, 'admin'])], groups: r() < 0.2 ? ['night-shift'] : [], site: r() < 0.8 ? site : pick(r, SITES), department: pick(r, ['finance', 'health', 'police']) } }
        : { type: kind, id: `spiffe://halong.local/${kind === 'service' ? 'service/core' : `${kind}/${site}`}/${kind}-${i % 50}` };
    const type = kind === 'collector' ? 'event' : kind === 'device' ? 'device-config' : pick(r, TYPES);
    const prefix = r() < 0.3 ? `${pick(r, ['finance', 'health', 'police'])}/` : '';
    return {
      subject,
      resource: { type, id: `${prefix}${type}-${i}`, properties: { site: r() < 0.85 ? site : pick(r, SITES), classification: r() < 0.1 ? 'secret' : 'internal' } },
      action: { name: kind === 'collector' ? 'write' : pick(r, ACTIONS) },
      context: { ip: r() < 0.7 ? `10.20.${i % 250}.${(i * 7) % 250}` : `203.0.113.${i % 250}`, risk: r() < 0.9 ? Math.floor(r() * 60) : 80 + Math.floor(r() * 20) },
    };
  });
}
