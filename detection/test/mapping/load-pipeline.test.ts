import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FieldMapper, LogsourceMapping } from '../../src/mapping';
import { DEFAULT_PIPELINE_DIR, loadPipeline, loadPipelineSources } from '../../src/mapping';
import type { SigmaLogsource } from '../../src/sigma/types';

function mapping(mapper: FieldMapper, logsource: SigmaLogsource): LogsourceMapping {
  const m = mapper.forLogsource(logsource);
  if ('code' in m) throw new Error(m.message);
  return m;
}

const BASE = `
version: 1
name: base
fieldMaps:
  common: {EventID: event.code, Image: process.executable}
defaults:
  use: common
  unmapped: 'raw.{field}'
  keywordFields: [message]
placeholders:
  admins: [alice, bob]
entries:
  - logsource: {product: acme}
    conditions: {event.module: acme}
  - logsource: {product: acme, category: process_creation}
    conditions: {event.module: acme, event.category: process, event.type: start}
    fields: {Image: [process.executable, process.name]}
  - logsource: {product: acme, category: process_creation, service: edr}
    conditions: {event.module: acme, event.dataset: acme.edr, event.code: 4688, event.kind_known: true}
  - logsource: {product: acme, service: '*'}
    conditions: {event.dataset: 'acme.{service}'}
    unmapped: ['acme.{service}.{field}', 'raw.{field}']
    placeholders: {admins: [carol]}
`;

describe('loadPipeline: lookups of one entry', () => {
  const mapper = loadPipelineSources([{ file: 'base.yml', text: BASE }], { name: 'test' });

  it('picks the most specific entry: category+product+service beats category+product beats product', () => {
    expect(mapping(mapper, { product: 'acme', category: 'process_creation', service: 'edr' }).key).toBe('acme/process_creation/edr');
    expect(mapping(mapper, { product: 'acme', category: 'process_creation' }).key).toBe('acme/process_creation');
    expect(mapping(mapper, { product: 'acme', category: 'file_event' }).key).toBe('acme');
    expect(mapping(mapper, { product: 'ACME', category: 'Process_Creation' }).key).toBe('acme/process_creation');
  });

  it('builds conditions: strings as case-insensitive single literals, numbers and booleans as such', () => {
    expect(mapping(mapper, { product: 'acme', category: 'process_creation', service: 'edr' }).conditions).toEqual([
      { field: 'event.module', modifiers: [], tests: [{ kind: 'string', pattern: [{ kind: 'literal', text: 'acme' }], cased: false }], all: false, negate: false },
      { field: 'event.dataset', modifiers: [], tests: [{ kind: 'string', pattern: [{ kind: 'literal', text: 'acme.edr' }], cased: false }], all: false, negate: false },
      { field: 'event.code', modifiers: [], tests: [{ kind: 'number', op: 'eq', value: 4688 }], all: false, negate: false },
      { field: 'event.kind_known', modifiers: [], tests: [{ kind: 'boolean', value: true }], all: false, negate: false },
    ]);
  });

  it('maps fields: the entry\'s own map, then used maps, then the file defaults, then the unmapped template', () => {
    const m = mapping(mapper, { product: 'acme', category: 'process_creation' });
    expect(m.field('Image')).toEqual(['process.executable', 'process.name']);
    expect(m.field('EventID')).toEqual(['event.code']);
    expect(m.field('GrantedAccess')).toEqual(['raw.GrantedAccess']);
    // Names are matched exactly first, then ignoring case (rule authors are not consistent).
    expect(m.field('image')).toEqual(['process.executable', 'process.name']);
  });

  it('fills {service} and {field} in wildcard entries, one key per service', () => {
    const dns = mapping(mapper, { product: 'acme', service: 'dns' });
    expect(dns.key).toBe('acme/{service}'.replace('{service}', 'dns'));
    expect(dns.conditions[0].tests).toEqual([{ kind: 'string', pattern: [{ kind: 'literal', text: 'acme.dns' }], cased: false }]);
    expect(dns.field('query')).toEqual(['acme.dns.query', 'raw.query']);
    expect(mapping(mapper, { product: 'acme', service: 'vpn' }).key).toBe('acme/vpn');
  });

  it('answers placeholders (entry first, then file) and keyword fields', () => {
    expect(mapping(mapper, { product: 'acme' }).placeholder('admins')).toEqual(['alice', 'bob']);
    expect(mapping(mapper, { product: 'acme', service: 'dns' }).placeholder('admins')).toEqual(['carol']);
    expect(mapping(mapper, { product: 'acme' }).placeholder('nobody')).toBeUndefined();
    expect(mapping(mapper, { product: 'acme' }).keywordFields).toEqual(['message']);
  });

  it('returns the same mapping object for the same logsource, and copies of its lists', () => {
    const a = mapping(mapper, { product: 'acme', category: 'process_creation' });
    expect(mapping(mapper, { product: 'acme', category: 'process_creation' })).toBe(a);
    a.field('Image').push('mutated');
    expect(a.field('Image')).toEqual(['process.executable', 'process.name']);
  });

  it('refuses what nothing serves with a HALONG_SIGMA_MAPPING problem', () => {
    expect(mapper.forLogsource({ product: 'other' })).toMatchObject({ code: 'HALONG_SIGMA_MAPPING', severity: 'error', source: { file: 'pipeline:test' } });
    expect(mapper.forLogsource({})).toMatchObject({ code: 'HALONG_SIGMA_MAPPING' });
  });
});

describe('loadPipeline: several files', () => {
  const ADMIN = `
version: 1
name: local
fieldMaps:
  common: {CommandLine: process.command_line}
placeholders:
  admins: [root]
entries:
  - logsource: {product: acme, category: process_creation}
    conditions: {event.module: acme, event.action: exec}
    use: common
  - logsource: {product: acme, category: null, service: null}
    key: acme-only
    conditions: {event.module: acme, event.dataset: acme.main}
`;
  const mapper = loadPipelineSources([
    { file: 'base.yml', text: BASE },
    { file: 'local.yml', text: ADMIN },
  ]);

  it('a later entry with the same logsource replaces the earlier one', () => {
    const m = mapping(mapper, { product: 'acme', category: 'process_creation' });
    expect(m.conditions.map((c) => c.field)).toEqual(['event.module', 'event.action']);
    expect(m.field('Image')).toEqual(['process.executable']);
  });

  it('field maps merge field by field; placeholders are replaced by name', () => {
    const m = mapping(mapper, { product: 'acme', category: 'process_creation' });
    expect(m.field('CommandLine')).toEqual(['process.command_line']);
    expect(m.field('EventID')).toEqual(['event.code']);
    expect(m.placeholder('admins')).toEqual(['root']);
  });

  it('a null logsource value only matches rules without that key', () => {
    expect(mapping(mapper, { product: 'acme' }).key).toBe('acme-only');
    // {product: acme} from base.yml still serves rules with a category nothing else serves.
    expect(mapping(mapper, { product: 'acme', category: 'file_event' }).key).toBe('acme');
  });

  it('reads directories in name order, after the files given before them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'halong-pipelines-'));
    try {
      writeFileSync(join(dir, 'b.yml'), ADMIN);
      writeFileSync(join(dir, 'a.yaml'), BASE);
      writeFileSync(join(dir, 'README.md'), '# not a pipeline');
      const fromDir = loadPipeline(dir);
      expect(mapping(fromDir, { product: 'acme', category: 'process_creation' }).conditions.map((c) => c.field)).toEqual(['event.module', 'event.action']);
      const adminLast = loadPipeline([join(dir, 'b.yml'), join(dir, 'a.yaml')]);
      expect(mapping(adminLast, { product: 'acme', category: 'process_creation' }).conditions.map((c) => c.field)).toEqual(['event.module', 'event.category', 'event.type']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads the built-in pipelines, and an admin directory after them overrides an entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'halong-admin-'));
    try {
      writeFileSync(
        join(dir, 'local.yml'),
        `version: 1\nname: site\nentries:\n  - logsource: {product: windows, service: security}\n    conditions: {event.dataset: [windows.security, windows.forwarded_security]}\n`,
      );
      const builtIn = mapping(loadPipeline(), { product: 'windows', service: 'security' });
      const local = mapping(loadPipeline([DEFAULT_PIPELINE_DIR, dir]), { product: 'windows', service: 'security' });
      expect(builtIn.conditions[0].tests).toHaveLength(1);
      expect(local.conditions[0].tests).toHaveLength(2);
      expect(local.field('SubjectUserName')).toEqual(['SubjectUserName']);
      expect(builtIn.field('SubjectUserName')).toEqual(['winlog.event_data.SubjectUserName', 'winlog.user_data.SubjectUserName']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the built-in Windows pipeline', () => {
  const windows = loadPipeline();

  it('routes process_creation on ECS categorization (Sysmon 1 and Security 4688 alike)', () => {
    const m = mapping(windows, { product: 'windows', category: 'process_creation' });
    expect(m.key).toBe('windows/process_creation');
    expect(m.conditions.map((c) => [c.field, (c.tests[0] as { pattern: { text: string }[] }).pattern[0].text])).toEqual([
      ['event.module', 'windows'],
      ['event.category', 'process'],
      ['event.type', 'start'],
    ]);
    expect(m.field('OriginalFileName')).toEqual(['process.pe.original_file_name']);
    expect(m.field('User')).toEqual(['winlog.event_data.User']);
  });

  it('maps the same Sigma name by logsource: Description of a process vs of a loaded image', () => {
    expect(mapping(windows, { product: 'windows', category: 'process_creation' }).field('Description')).toEqual(['process.pe.description']);
    expect(mapping(windows, { product: 'windows', category: 'image_load' }).field('Description')).toEqual(['dll.pe.description']);
    expect(mapping(windows, { product: 'windows', category: 'sysmon_error' }).field('Description')).toEqual(['winlog.event_data.Description']);
  });

  it('offers the admin-editable placeholder of the corpus, empty until set', () => {
    expect(mapping(windows, { product: 'windows', service: 'security' }).placeholder('known_cdcs')).toEqual([]);
  });
});
