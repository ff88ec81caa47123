import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@halong/cli';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const RULE = (id: string, detection: string, logsource = 'product: windows\n  category: process_creation') => `title: Rule ${id}
id: ${id}
status: test
logsource:
  ${logsource}
detection:
${detection}
level: high
tags:
  - attack.execution
  - attack.t1059.001
`;

const GOOD = '00000000-0000-4000-8000-000000000001';
const BAD_MODIFIER = '00000000-0000-4000-8000-000000000002';
const BAD_CONDITION = '00000000-0000-4000-8000-000000000003';

function pack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-check-'));
  writeFileSync(join(dir, 'good.yml'), RULE(GOOD, "  selection:\n    Image|endswith: '\\powershell.exe'\n    CommandLine|contains: ' -enc '\n  condition: selection"));
  writeFileSync(join(dir, 'bad-modifier.yml'), RULE(BAD_MODIFIER, "  selection:\n    Image|endswith|sometimes: 'x'\n  condition: selection"));
  writeFileSync(join(dir, 'bad-condition.yml'), RULE(BAD_CONDITION, "  selection:\n    Image: 'x'\n  condition: selection and filter"));
  return dir;
}

describe('halong sigma check', () => {
  it('lists every rule that does not load with its file, id and reason, and fails', async () => {
    const { io, out } = capture();
    const code = await runCli(['sigma', 'check', pack()], { env: {}, io });
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toContain('Loaded 1 rules');
    expect(text).toContain('Compiled 1 of 1 rules');
    expect(text).toMatch(new RegExp(`bad-modifier\\.yml:\\d+:\\d+: error HALONG_SIGMA_MODIFIER \\[${BAD_MODIFIER}\\] .*sometimes`));
    expect(text).toMatch(new RegExp(`bad-condition\\.yml:\\d+:\\d+: error HALONG_SIGMA_CONDITION \\[${BAD_CONDITION}\\] .*filter`));
    expect(text).toContain('2 errors (not loaded)');
  });

  it('compiles the whole SigmaHQ corpus: nothing left out', async () => {
    const { io, out } = capture();
    const code = await runCli(['sigma', 'check', join(__dirname, '..', '..', '..', 'shared', 'sigma')], { env: {}, io });
    expect(out.join('\n')).toMatch(/Compiled 3754 of 3754 rules/);
    expect(out).toContain('No problems.');
    expect(code).toBe(0);
  }, 120_000);

  it('answers usage errors with exit code 2', async () => {
    const { io, err } = capture();
    expect(await runCli(['sigma', 'check'], { env: {}, io })).toBe(2);
    expect(await runCli(['sigma', 'hunt-everything'], { env: {}, io })).toBe(2);
    expect(err.join('\n')).toContain('usage: halong sigma check');
  });
});

describe('halong sigma test', () => {
  it('runs a rule over JSON lines of ECS events; an unreadable line is reported and fails the run', async () => {
    const dir = pack();
    const events = join(dir, 'events.jsonl');
    const ecs = (id: string, exe: string, cmd: string) =>
      JSON.stringify({ '@timestamp': '2026-11-23T01:00:00Z', event: { id, module: 'windows', category: ['process'], type: ['start'] }, process: { executable: exe, command_line: cmd } });
    writeFileSync(events, [ecs('e1', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\PowerShell.EXE', 'powershell -enc SQBFAFgA'), ecs('e2', 'C:\\Windows\\notepad.exe', 'notepad -enc x'), 'not json'].join('\n'));
    const { io, out, err } = capture();
    expect(await runCli(['sigma', 'test', join(dir, 'good.yml'), events], { env: {}, io })).toBe(1);
    expect(out.filter((l) => l.startsWith('event '))).toEqual([expect.stringMatching(new RegExp(`^event 1 \\(e1\\): Rule ${GOOD} \\[${GOOD}\\] .*process.command_line`))]);
    expect(out[out.length - 1]).toBe(`2 events, 1 matches: Rule ${GOOD} ×1 (1 records unreadable)`);
    expect(err.join('\n')).toMatch(/events\.jsonl:3 is not JSON/);
  });

  it('normalizes evtx_dump JSON (the regression events) before matching', async () => {
    const shared = join(__dirname, '..', '..', '..', 'shared');
    const { io, out } = capture();
    const code = await runCli(
      [
        'sigma',
        'test',
        join(shared, 'sigma', 'rules', 'windows', 'file', 'file_event', 'file_event_win_anydesk_artefact.yml'),
        join(shared, 'sigma-regression', 'regression_data', 'rules', 'windows', 'file', 'file_event', 'file_event_win_anydesk_artefact', '0b9ad457-2554-44c1-82c2-d56a99c42377.json'),
      ],
      { env: {}, io },
    );
    expect(code).toBe(0);
    expect(out[out.length - 1]).toBe('5 events, 3 matches: Anydesk Temporary Artefact ×3');
  });
});
