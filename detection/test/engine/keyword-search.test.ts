import { createStreamMatcher } from '../../src/engine';
import { compile, keywords, mapping, maps, field, ref, rule, str, and, not, num } from './ir';

describe('keyword searches', () => {
  it('are full-text: a plain value matches inside any string of the event, case-insensitively', () => {
    const c = compile(rule({ kw: keywords([str('event::clear'), str('sekurlsa::')]) }, ref('kw')));
    expect(c.matches({ message: 'mimikatz # EVENT::Clear' })).toBe(true);
    expect(c.matches({ a: { b: ['x', 'privilege::debug sekurlsa::logonpasswords'] } })).toBe(true);
    expect(c.matches({ message: 'event: clear' })).toBe(false);
    expect(c.matches({ code: 1 })).toBe(false);
  });

  it('search only the keyword fields when the pipeline names some', () => {
    const c = compile(rule({ kw: keywords([str('evil')]) }, ref('kw')), mapping({ keywordFields: ['message', 'winlog.event_data.Data'] }));
    expect(c.matches({ winlog: { event_data: { Data: ['ok', 'EVIL thing'] } } })).toBe(true);
    expect(c.matches({ other: 'evil' })).toBe(false);
  });

  it('with |all need every value somewhere in the event', () => {
    const c = compile(rule({ kw: keywords([str('OabVirtualDirectory'), str(' -ExternalUrl ')], true) }, ref('kw')));
    expect(c.matches({ a: 'Set-OabVirtualDirectory', b: 'x -ExternalUrl y' })).toBe(true);
    expect(c.matches({ a: 'Set-OabVirtualDirectory' })).toBe(false);
  });

  it('are prefiltered by one scan of the event: a keyword rule runs only when a keyword occurs', () => {
    const mimikatz = compile(rule({ kw: keywords([str('sekurlsa::'), str('kerberos::golden')]), filter: maps([field('EventID', num(15))]) }, and(ref('kw'), not(ref('filter')))));
    const m = createStreamMatcher([{ rule: mimikatz, conditions: [] }]);
    for (let i = 0; i < 5; i += 1) m.match({ message: 'nothing to see', nested: { deeper: ['still nothing'] } });
    expect(m.stats()[0]!.evaluations).toBe(0);
    expect(m.match({ message: 'x', nested: { deeper: ['SEKURLSA::logonpasswords'] } })).toHaveLength(1);
    expect(m.match({ EventID: 15, message: 'sekurlsa::' })).toHaveLength(0);
    expect(m.stats()[0]!.evaluations).toBe(2);
  });

  it('do not search event.original, the verbatim record that OpenSearch does not index', () => {
    const c = compile(rule({ kw: keywords([str('mimikatz')]) }, ref('kw')));
    const m = createStreamMatcher([{ rule: c, conditions: [] }]);
    for (const event of [{ event: { original: '{"cmd":"mimikatz"}', code: '1' } }, { 'event.original': 'mimikatz' }]) {
      expect(c.matches(event)).toBe(false);
      expect(m.match(event)).toHaveLength(0);
    }
    expect(c.matches({ event: { original: 'x', reason: 'mimikatz' } })).toBe(true);
    expect(m.match({ event: { original: 'x', reason: 'mimikatz' } })).toHaveLength(1);
  });
});
