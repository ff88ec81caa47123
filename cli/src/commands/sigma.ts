import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { HalongConfig } from '@halong/core/node';
import type { EventRecord, RulePack } from '@halong/detection';
import { CorrelationEngine, DEFAULT_PIPELINE_DIR, assembleRulePack, buildRuleSet, createStreamMatcher, formatProblem, loadPipeline, loadRulePack, parseSigmaFile, ruleKey } from '@halong/detection';
import type { Output } from '../output';
import { describeProblems } from './sigma-compile';
import { readEvents } from './sigma-events';
import type { HuntArgs } from './sigma-hunt';
import { hunt } from './sigma-hunt';

const USAGE = `usage: halong sigma check <dir>... [--pipeline <dir>]...
       halong sigma test <rule.yml|dir> <events.jsonl> [--pipeline <dir>]...
       halong sigma hunt <rule.yml|dir> [--since 7d|<ISO date>] [--until <ISO date>] [--limit N] [--pipeline <dir>]...`;

interface Args {
  positional: string[];
  pipelines: string[];
  hunt: HuntArgs;
}

function parseArgs(args: string[]): Args | string {
  const positional: string[] = [];
  const pipelines: string[] = [DEFAULT_PIPELINE_DIR];
  const hunt: HuntArgs = { since: '7d' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = args[i + 1];
    if (['--pipeline', '--since', '--until', '--limit'].includes(a) && (value === undefined || value.startsWith('--'))) return `${a} needs a value`;
    if (a === '--pipeline') pipelines.push(args[++i]!);
    else if (a === '--since') hunt.since = args[++i]!;
    else if (a === '--until') hunt.until = args[++i]!;
    else if (a === '--limit') {
      hunt.limit = Number(args[++i]);
      if (!Number.isSafeInteger(hunt.limit) || hunt.limit < 1) return '--limit takes a positive whole number';
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else positional.push(a);
  }
  return { positional, pipelines, hunt };
}

/** A rule file (a collection may hold several documents) or a folder of them. */
async function loadRules(path: string): Promise<RulePack> {
  return (await stat(path)).isDirectory() ? loadRulePack([path]) : assembleRulePack([parseSigmaFile(await readFile(path, 'utf8'), path)]);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `halong sigma check|test|hunt`: validate and compile rule packs, run rules over a file of events, or hunt history. */
export async function sigmaCommand(config: HalongConfig, args: string[], io: Output): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parseArgs(rest);
  if (typeof parsed === 'string' || (sub !== 'check' && sub !== 'test' && sub !== 'hunt')) {
    io.err(`${typeof parsed === 'string' ? `halong sigma: ${parsed}\n` : ''}${USAGE}`);
    return 2;
  }
  if (sub === 'check' ? parsed.positional.length === 0 : parsed.positional.length !== (sub === 'test' ? 2 : 1)) {
    io.err(USAGE);
    return 2;
  }
  const mapper = loadPipeline(parsed.pipelines);
  if (sub === 'hunt') {
    const pack = await loadRules(parsed.positional[0]!);
    const errors = pack.problems.filter((p) => p.severity === 'error');
    errors.forEach((p) => io.err(formatProblem(p)));
    return (await hunt(config, pack, mapper, parsed.hunt, io)) || (errors.length ? 1 : 0);
  }
  return sub === 'check' ? check(parsed.positional, mapper, io) : test(parsed.positional[0]!, parsed.positional[1]!, mapper, io);
}

async function check(dirs: string[], mapper: ReturnType<typeof loadPipeline>, io: Output): Promise<number> {
  const started = performance.now();
  const pack = await loadRulePack(dirs);
  const loaded = performance.now();
  const set = await buildRuleSet(pack, mapper);
  const count = (kind: 'rule' | 'correlation') => set.entries.filter((e) => e.kind === kind && e.loaded).length;
  io.out(`Loaded ${pack.rules.length} rules, ${pack.correlations.length} correlations and ${pack.filters.length} filters from ${dirs.join(', ')} in ${seconds(loaded - started)}`);
  io.out(`Compiled ${count('rule')} of ${pack.rules.length} rules and ${count('correlation')} of ${pack.correlations.length} correlations (pipeline ${mapper.name}) in ${seconds(set.compileMs)}`);
  if (set.problems.length === 0) {
    io.out('No problems.');
    return 0;
  }
  describeProblems(set.problems).forEach((line) => io.out(line));
  const errors = set.problems.filter((p) => p.severity === 'error').length;
  io.out(`${errors} errors (not loaded), ${set.problems.length - errors} warnings (loaded).`);
  return errors > 0 ? 1 : 0;
}

async function test(rulePath: string, eventsFile: string, mapper: ReturnType<typeof loadPipeline>, io: Output): Promise<number> {
  const set = await buildRuleSet(await loadRules(rulePath), mapper);
  const errors = set.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    describeProblems(errors).forEach((line) => io.err(line));
    return 1;
  }
  const matcher = createStreamMatcher(set.matcherEntries.map((m) => m.entry));
  const engine = set.index.all().length ? new CorrelationEngine(set.index) : undefined;
  const events = readEvents(await readFile(eventsFile, 'utf8'), basename(eventsFile));
  const counts = new Map<string, number>();
  for (const [i, event] of events.entries()) {
    if ('error' in event) {
      io.err(`event ${i + 1}: ${event.error}`);
      continue;
    }
    for (const m of matcher.match(event.ecs as EventRecord)) {
      const title = m.rule.rule.title;
      counts.set(title, (counts.get(title) ?? 0) + 1);
      io.out(`event ${i + 1} (${event.ecs.event.id}): ${title} [${m.rule.rule.id ?? ruleKey(m.rule.rule)}] ${JSON.stringify(m.fields)}`);
      for (const match of engine?.ingest({ ruleId: ruleKey(m.rule.rule), eventId: event.ecs.event.id, timestamp: Date.parse(event.ecs['@timestamp']), fields: { ...m.fields } }) ?? []) {
        io.out(`  correlation ${match.correlationId} on ${match.groupKey || '(no group)'}: value ${match.value} over ${match.hitCount} hits`);
      }
    }
  }
  const unreadable = events.filter((e) => 'error' in e).length;
  const matched = [...counts.values()].reduce((a, b) => a + b, 0);
  io.out(`${events.length - unreadable} events, ${matched} matches${counts.size ? `: ${[...counts].map(([t, n]) => `${t} ×${n}`).join(', ')}` : ''}${unreadable ? ` (${unreadable} records unreadable)` : ''}`);
  return unreadable ? 1 : 0;
}
