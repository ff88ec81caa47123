import { join, resolve } from 'node:path';
import { loadPipelineSources, DEFAULT_PIPELINE_DIR } from '../../src/mapping';
import { assembleRulePack, parseSigmaFile } from '../../src/sigma';
import { DetectionRuntimeError, SIGMA_CORPUS_FOLDERS, buildRuleSet, defaultRuleDirs, findRule, loadRuleSet, pipelinePaths } from '../../src/runtime';
import { BROKEN_RULES, CORRELATION_ID, PIPELINE, QUIET_ID, RULE_ID, ruleSetOf, standardFiles } from './support';

describe('buildRuleSet', () => {
  it('compiles every rule once and indexes the correlations over them', async () => {
    const set = await ruleSetOf(standardFiles());
    expect(set.matcherEntries.map((e) => e.key)).toEqual([RULE_ID, QUIET_ID]);
    expect(set.entries.map((e) => [e.key, e.kind, e.loaded])).toEqual([
      [RULE_ID, 'rule', true],
      [QUIET_ID, 'rule', true],
      [CORRELATION_ID, 'correlation', true],
    ]);
    expect(set.index.get(CORRELATION_ID)?.refs).toEqual([RULE_ID]);
    expect(set.problems).toEqual([]);
  });

  it('keeps every problem with its file, rule id, code, reason and stage', async () => {
    const set = await ruleSetOf([...standardFiles(), ...BROKEN_RULES]);
    const summary = set.problems.map((p) => [p.stage, p.code, p.file, p.ruleId]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['parse', 'HALONG_SIGMA_CONDITION', 'rules/broken-condition.yml', '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a09'],
        ['parse', 'HALONG_SIGMA_YAML', 'rules/not-yaml.yml', undefined],
        ['compile', 'HALONG_SIGMA_MAPPING', 'rules/placeholder.yml', '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a0b'],
        ['pipeline', 'HALONG_SIGMA_MAPPING', 'rules/unmapped.yml', '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a0a'],
      ]),
    );
    expect(set.problems.every((p) => p.reason.length > 0 && p.severity === 'error')).toBe(true);
    // Rules that parsed but did not compile are listed, marked not loaded.
    expect(findRule(set, '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a0a')?.loaded).toBe(false);
  });

  it('reports a correlation that references an unknown rule, and leaves it out', async () => {
    const set = await ruleSetOf([['c.yml', standardFiles()[2]![1].replace(RULE_ID, 'no-such-rule')]]);
    // The parser already refuses the reference; the correlation compiler never sees it.
    expect(set.problems).toEqual([expect.objectContaining({ code: 'HALONG_SIGMA_REFERENCE', ruleId: CORRELATION_ID, file: 'c.yml', reason: expect.stringContaining('no-such-rule') })]);
    expect(findRule(set, CORRELATION_ID)?.loaded).not.toBe(true);
    expect(set.index.all()).toEqual([]);
  });

  it('finds a rule by its name too', async () => {
    const set = await ruleSetOf([['n.yml', standardFiles()[1]![1].replace('title: Netcat listener', 'title: Netcat listener\nname: netcat_listener')]]);
    expect(findRule(set, 'netcat_listener')?.key).toBe(QUIET_ID);
    expect(findRule(set, 'nope')).toBeUndefined();
  });

  it('stops at the next chunk once aborted', async () => {
    const pack = assembleRulePack(standardFiles().map(([f, t]) => parseSigmaFile(t, f)));
    const controller = new AbortController();
    controller.abort();
    await expect(buildRuleSet(pack, loadPipelineSources([{ file: 'p.yml', text: PIPELINE }]), { signal: controller.signal })).rejects.toMatchObject({ code: 'HALONG_DETECTION_ABORTED' });
  });
});

describe('rule sources', () => {
  it('defaults to the SigmaHQ folders next to the repository, only those that exist', () => {
    const root = resolve(__dirname, '../../..');
    const dirs = defaultRuleDirs(root);
    for (const d of dirs) expect(SIGMA_CORPUS_FOLDERS.map((f) => join(root, '..', 'shared', 'sigma', f))).toContain(d);
    expect(defaultRuleDirs('/nonexistent/repo')).toEqual([]);
  });

  it('loads the admin’s pipelines after the built-in ones', () => {
    expect(pipelinePaths(['/etc/halong/pipelines'])).toEqual([DEFAULT_PIPELINE_DIR, '/etc/halong/pipelines']);
    expect(pipelinePaths()).toEqual([DEFAULT_PIPELINE_DIR]);
  });

  it('fails the whole load with HALONG_DETECTION_PIPELINE when a pipeline folder cannot be read', async () => {
    const err = await loadRuleSet({ ruleDirs: [], pipelinePaths: ['/nonexistent/pipelines'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DetectionRuntimeError);
    expect(err).toMatchObject({ code: 'HALONG_DETECTION_PIPELINE', message: expect.stringContaining('/nonexistent/pipelines') });
  });
});
