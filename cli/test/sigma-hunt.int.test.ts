import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexNames } from '@halong/core';
import { createOpenSearchClient, putIndexTemplates } from '@halong/core/node';
import type { OpenSearchClient } from '@halong/core/node';
import { testConfig, testEnginesOptions } from '@halong/infra';
import { runCli } from '@halong/cli';

const RULE = `title: Encoded PowerShell
id: 00000000-0000-4000-8000-0000000000aa
status: test
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
level: high
`;

describe('halong sigma hunt against the real OpenSearch', () => {
  const config = testConfig();
  const engines = testEnginesOptions();
  let client: OpenSearchClient;
  const now = Date.now();
  const event = (id: string, ageMs: number, cmd: string) => ({
    '@timestamp': new Date(now - ageMs).toISOString(),
    event: { id, module: 'windows', dataset: 'windows.sysmon_operational', category: ['process'], type: ['start'] },
    host: { name: 'ws-hue-01' },
    process: { executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\POWERSHELL.EXE', command_line: cmd },
  });

  beforeAll(async () => {
    client = createOpenSearchClient(config);
    await putIndexTemplates(client, config.indexPrefix, 0);
    const names = indexNames(config.indexPrefix);
    const events = [event('recent-hit', 3_600_000, 'powershell -nop -enc SQBFAFgA'), event('recent-miss', 3_600_000, 'powershell -File backup.ps1'), event('old-hit', 20 * 86_400_000, 'powershell -enc AAAA')];
    const body = events.flatMap((e) => [{ create: { _index: names.events(e.event.dataset, new Date(e['@timestamp'])), _id: e.event.id } }, e]);
    expect((await client.bulk({ body, refresh: 'true' })).body.errors).toBe(false);
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client.close();
  });

  const env = () => ({ HALONG_OPENSEARCH_URL: `http://127.0.0.1:${engines.opensearch.port}`, HALONG_INDEX_PREFIX: config.indexPrefix });

  it('finds the matching events of the time range, and only those', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hunt-')), 'rule.yml');
    writeFileSync(file, RULE);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runCli(['sigma', 'hunt', file, '--since', '7d'], { env: env(), io })).toBe(0);
    expect(out.filter((l) => l.includes('recent-') || l.includes('old-'))).toEqual([expect.stringMatching(/ recent-hit Encoded PowerShell$/)]);
    expect(out[out.length - 1]).toMatch(/^Encoded PowerShell \[00000000-0000-4000-8000-0000000000aa\]: 1 events from /);
    out.length = 0;
    expect(await runCli(['sigma', 'hunt', file, '--since', '30d'], { env: env(), io })).toBe(0);
    expect(out[out.length - 1]).toMatch(/: 2 events from /);
    expect(err).toEqual([]);
  });

  it('hunts a correlation through aggregations: one line per window in which it holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hunt-'));
    writeFileSync(join(dir, 'rule.yml'), RULE);
    const correlation = (min: number) => `title: Encoded PowerShell again
id: 00000000-0000-4000-8000-0000000000bb
correlation:
  type: event_count
  rules: [00000000-0000-4000-8000-0000000000aa]
  group-by: [Image]
  timespan: 30d
  condition:
    gte: ${min}
level: high
`;
    writeFileSync(join(dir, 'correlation.yml'), correlation(2));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runCli(['sigma', 'hunt', dir, '--since', '30d'], { env: env(), io })).toBe(0);
    expect(err).toEqual([]);
    const windows = out.filter((l) => l.endsWith(' Encoded PowerShell again') && l.includes('value='));
    expect(windows).toHaveLength(1);
    expect(windows[0]).toContain('"Image":"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\POWERSHELL.EXE"');
    expect(windows[0]).toContain('value=2');
    expect(out).toContainEqual(expect.stringMatching(/^Encoded PowerShell again \[00000000-0000-4000-8000-0000000000bb\]: 1 windows from /));
    // Three hits are needed now: the window does not hold.
    writeFileSync(join(dir, 'correlation.yml'), correlation(3));
    out.length = 0;
    expect(await runCli(['sigma', 'hunt', dir, '--since', '30d'], { env: env(), io })).toBe(0);
    expect(out).toContainEqual(expect.stringMatching(/^Encoded PowerShell again \[.*\]: 0 windows from /));
  });

  it('refuses an unreadable time range with exit code 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hunt-')), 'rule.yml');
    writeFileSync(file, RULE);
    const err: string[] = [];
    expect(await runCli(['sigma', 'hunt', file, '--since', 'last tuesday'], { env: env(), io: { out: () => undefined, err: (l) => err.push(l) } })).toBe(2);
    expect(err.join('\n')).toContain('--since takes a duration');
  });
});
