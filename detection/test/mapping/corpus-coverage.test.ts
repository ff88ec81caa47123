// Every logsource the SigmaHQ corpus uses resolves with the built-in pipelines; the ones the
// generic fallback serves are listed with the reason.
import type { LogsourceMapping } from '../../src/mapping';
import { loadPipeline } from '../../src/mapping';
import type { CorpusLogsource } from './support/corpus';
import { corpusLogsources, logsourceName } from './support/corpus';

const mapper = loadPipeline();
const corpus: CorpusLogsource[] = corpusLogsources();

const NO_NORMALIZER = 'no Halong normalizer for this product yet: routed by event.module/event.dataset, inert until one exists';

// product|category|service → why the generic fallback serves it.
const EXPECTED_FALLBACK: Record<string, string> = {
  'cisco||aaa': `network gear (Cisco IOS AAA accounting); ${NO_NORMALIZER}`,
  'cisco||bgp': `network gear; ${NO_NORMALIZER}`,
  'cisco||duo': `SaaS MFA (Duo); ${NO_NORMALIZER}`,
  'cisco||ldp': `network gear; ${NO_NORMALIZER}`,
  'cisco||syslog': `network gear; ${NO_NORMALIZER}`,
  'fortigate||event': `firewall appliance; ${NO_NORMALIZER}`,
  'fortios||sslvpnd': `VPN appliance; ${NO_NORMALIZER}`,
  'huawei||bgp': `network gear; ${NO_NORMALIZER}`,
  'juniper||bgp': `network gear; ${NO_NORMALIZER}`,
  'paloalto|appliance|globalprotect': `VPN appliance; ${NO_NORMALIZER}`,
  'paloalto|file_event|globalprotect': `VPN appliance's own file telemetry; ${NO_NORMALIZER}`,
  'opencanary|application|': `honeypot; ${NO_NORMALIZER}`,
  'rpc_firewall|application|': `RPC Firewall writes to a Windows channel of its own; ${NO_NORMALIZER}`,
  'django|application|': `application log (keyword rules); ${NO_NORMALIZER}`,
  'jvm|application|': `application log (keyword rules); ${NO_NORMALIZER}`,
  'nodejs|application|': `application log (keyword rules); ${NO_NORMALIZER}`,
  'python|application|': `application log (keyword rules); ${NO_NORMALIZER}`,
  'ruby_on_rails|application|': `application log (keyword rules); ${NO_NORMALIZER}`,
  'spring|application|': `application log (keyword rules); ${NO_NORMALIZER}`,
  'sql|application|': `application log (keyword rules); ${NO_NORMALIZER}`,
  'velocity|application|': `application log (keyword rules); ${NO_NORMALIZER}`,
};

function resolved(c: CorpusLogsource): LogsourceMapping {
  const m = mapper.forLogsource(c.logsource);
  if ('code' in m) throw new Error(`${logsourceName(c.logsource)} (${c.files[0]}): ${m.message}`);
  return m;
}

describe('coverage of the SigmaHQ corpus logsources', () => {
  it('reads the corpus', () => {
    expect(corpus.length).toBeGreaterThan(100);
    expect(corpus.reduce((n, c) => n + c.files.length, 0)).toBeGreaterThan(3000);
  });

  it.each(corpus.map((c) => [logsourceName(c.logsource), c] as const))('%s resolves', (_name, c) => {
    const m = resolved(c);
    expect(m.key).not.toBe('');
    // Only the empty logsource may see every event.
    expect(m.conditions.length).toBeGreaterThan(0);
  });

  it('sends exactly the listed logsources to the generic fallback', () => {
    const fallback = corpus
      .filter((c) => resolved(c).key.startsWith('generic/'))
      .map((c) => logsourceName(c.logsource))
      .sort();
    expect(fallback).toEqual(Object.keys(EXPECTED_FALLBACK).sort());
  });

  it('the fallback routes a product on its module and dataset, never on nothing', () => {
    const m = resolved({ logsource: { product: 'jvm', category: 'application' }, files: [] });
    expect(m.key).toBe('generic/jvm/application/-');
    expect(m.conditions.map((c) => [c.field, c.tests])).toEqual([
      ['event.module', [{ kind: 'string', pattern: [{ kind: 'literal', text: 'jvm' }], cased: false }]],
      ['event.dataset', [{ kind: 'string', pattern: [{ kind: 'literal', text: 'jvm.application' }], cased: false }]],
    ]);
  });

  it('rules sharing a key share their conditions (the matcher tests them once per key)', () => {
    const byKey = new Map<string, string>();
    for (const c of corpus) {
      const m = resolved(c);
      const conditions = JSON.stringify(m.conditions);
      const seen = byKey.get(m.key);
      if (seen !== undefined) expect({ key: m.key, conditions }).toEqual({ key: m.key, conditions: seen });
      byKey.set(m.key, conditions);
    }
  });

  it('a logsource without a product that nothing serves is a HALONG_SIGMA_MAPPING problem', () => {
    const p = mapper.forLogsource({ category: 'quantum_teleport' });
    expect(p).toMatchObject({ code: 'HALONG_SIGMA_MAPPING', severity: 'error' });
    expect('message' in p && p.message).toContain('category=quantum_teleport');
  });

  it('an unknown Windows category falls back to a dataset no source writes, not to every Windows event', () => {
    const m = mapper.forLogsource({ product: 'windows', category: 'kernel_object_callback' });
    if ('code' in m) throw new Error(m.message);
    expect(m.conditions.map((c) => c.field)).toEqual(['event.module', 'event.dataset']);
    expect(m.key).toBe('generic/windows/kernel_object_callback/-');
  });
});
