import { PipelineError, loadPipeline, loadPipelineSources } from '../../src/mapping';
import type { PipelineProblem } from '../../src/mapping';

function problems(...texts: string[]): PipelineProblem[] {
  try {
    loadPipelineSources(texts.map((text, i) => ({ file: `p${i}.yml`, text })));
  } catch (e) {
    expect(e).toBeInstanceOf(PipelineError);
    expect((e as PipelineError).code).toBe('HALONG_PIPELINE_INVALID');
    return [...(e as PipelineError).problems];
  }
  throw new Error('the pipeline loaded');
}

/** `file:line:column: message` of each problem, as the error message shows them. */
function where(list: PipelineProblem[]): string[] {
  return list.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
}

const OK_ENTRY = `  - logsource: {product: acme}
    conditions: {event.module: acme}
`;

describe('pipeline validation errors point at file:line:column', () => {
  it('YAML errors, e.g. a key written twice', () => {
    expect(where(problems(`version: 1\nname: x\nentries:\n${OK_ENTRY}name: y\n`))).toEqual(['p0.yml:6:1: YAML: Map keys must be unique']);
  });

  it('an unquoted {template} inside a flow list is a YAML error at its line', () => {
    const text = `version: 1\nname: x\ndefaults:\n  unmapped: [raw.{field}]\nentries:\n${OK_ENTRY}`;
    expect(where(problems(text))[0]).toMatch(/^p0\.yml:4:/);
  });

  it('a missing or unsupported version, a missing name and entries', () => {
    expect(where(problems('version: 2\n'))).toEqual([
      'p0.yml:1:10: "version: 1" is required',
      'p0.yml:1:1: "name" is required',
      'p0.yml:1:1: "entries" is required (it may be an empty list)',
    ]);
  });

  it('unknown keys at every level, with the allowed ones', () => {
    const text = `version: 1
name: x
fieldmaps: {}
entries:
  - logsource: {product: acme, vendor: acme}
    conditions: {event.module: acme}
    fileds: {A: b}
`;
    expect(where(problems(text))).toEqual([
      'p0.yml:3:1: unknown key "fieldmaps" in a pipeline file (allowed: version, name, description, fieldMaps, defaults, placeholders, entries)',
      'p0.yml:7:5: unknown key "fileds" in an entry (allowed: logsource, key, conditions, fields, use, unmapped, keywordFields, placeholders)',
      'p0.yml:5:32: unknown key "vendor" in logsource (allowed: product, category, service)',
    ]);
  });

  it('wrong types, bad paths and unknown templates', () => {
    const text = `version: 1
name: x
fieldMaps:
  m:
    Image: process executable
    Empty: []
placeholders:
  admins: alice
entries:
  - logsource: {product: acme}
    conditions:
      event.module: '{vendor}'
      event.code: [{nested: 1}]
      event.dataset: []
    unmapped: 'raw.{feild}'
    keywordFields: message
  - logsource: {}
    conditions: {event.module: acme}
  - logsource: {product: acme, category: x}
`;
    expect(where(problems(text))).toEqual([
      'p0.yml:5:12: fieldMaps.m.Image: "process executable" is not a dotted field path',
      'p0.yml:6:12: fieldMaps.m.Empty maps to no path',
      'p0.yml:8:11: placeholders.admins must be a list, not a string',
      'p0.yml:12:21: conditions.event.module: unknown template "{vendor}" in "{vendor}"',
      'p0.yml:13:20: conditions.event.code values must be strings, numbers or booleans, not map',
      'p0.yml:14:22: conditions.event.dataset must list at least one value',
      'p0.yml:10:5: key "acme" must contain {vendor}: conditions.event.module depends on it',
      'p0.yml:15:15: unmapped: unknown template "{feild}" in "raw.{feild}"',
      'p0.yml:16:20: keywordFields must be a list, not a string',
      'p0.yml:17:16: logsource must name at least one of product, category, service',
      'p0.yml:19:5: an entry needs "conditions" (write {} for an entry that routes every event)',
    ]);
  });

  it('cross-file problems: a map no file defines, a key used twice', () => {
    const a = `version: 1\nname: a\nentries:\n  - logsource: {product: acme}\n    key: shared\n    conditions: {event.module: acme}\n    use: [nothere]\n`;
    const b = `version: 1\nname: b\nentries:\n  - logsource: {product: other}\n    key: shared\n    conditions: {event.module: other}\n`;
    expect(where(problems(a, b))).toEqual([
      'p0.yml:7:10: no field map named "nothere" in any loaded file',
      'p1.yml:4:5: key "shared" is already used by the entry at p0.yml:4',
    ]);
  });

  it('reports the problems of every file at once', () => {
    const list = problems('version: 1\nname: a\nentries: {}\n', 'name: b\nentries: []\n');
    expect(where(list)).toEqual(['p0.yml:3:10: entries must be a list', 'p1.yml:1:1: "version: 1" is required']);
    expect(() => loadPipelineSources([{ file: 'p0.yml', text: 'version: 1\nname: a\nentries: {}\n' }])).toThrow(/p0\.yml:3:10: entries must be a list/);
  });

  it('an unreadable path is HALONG_PIPELINE_UNREADABLE', () => {
    expect(() => loadPipeline('/nonexistent/halong/pipelines')).toThrow(expect.objectContaining({ code: 'HALONG_PIPELINE_UNREADABLE' }));
  });

  it('the built-in files are valid', () => {
    expect(() => loadPipeline()).not.toThrow();
  });
});
