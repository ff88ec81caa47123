import { addsNoWork } from '../../src/engine/second-clauses';
import { LEAVES_PATH, secondClause, type Atom, type Clause } from '../../src/engine/requirements';

const sub = (path: string, text: string): Atom => ({ path, kind: 'sub', text });
const eq = (path: string, text: string): Atom => ({ path, kind: 'eq', text });
/** More substrings than anchors are looked for: a text holding them is scanned in full. */
const spread = (path: string, n: number): Clause => Array.from({ length: n }, (_, i) => sub(path, `spread-${i}-literal`));

describe('secondClause', () => {
  it('picks the most selective clause other than the first, if selective enough to index', () => {
    const first: Clause = [eq('http.request.method', 'get')];
    const strings: Clause = [sub('url.query', 'union select'), sub('url.query', '@@version')];
    const weak: Clause = [sub('url.query', 'a')];
    expect(secondClause([first, weak, strings], first)).toBe(strings);
    expect(secondClause([first, weak], first)).toBeNull();
    expect(secondClause([first], first)).toBeNull();
    expect(secondClause([first, []], first)).toBeNull();
  });
});

describe('addsNoWork', () => {
  const firsts = [
    { group: 0, clause: [eq('http.request.method', 'get'), eq('http.request.method', 'post')] },
    { group: 0, clause: spread('url.query', 120) },
    { group: 0, clause: [sub('message', 'mimikatz'), sub('message', 'sekurlsa::')] },
    { group: 1, clause: [eq('user.name', 'root')] },
  ];
  it('accepts exact values where its group looks exact values up, substrings where texts are scanned in full', () => {
    expect(
      addsNoWork(firsts, [
        { group: 0, clause: [eq('http.request.method', 'put')] },
        { group: 0, clause: [sub('url.query', 'union select'), sub('url.query', '@@version')] },
      ]),
    ).toEqual([true, true]);
  });

  it('refuses a new path, a new kind of atom at a path, a path of another group, a gated text and the leaves', () => {
    expect(
      addsNoWork(firsts, [
        { group: 0, clause: [eq('http.response.status_code', '404')] },
        { group: 0, clause: [sub('http.request.method', 'ge')] },
        { group: 0, clause: [eq('url.query', 'x=1')] },
        { group: 1, clause: [eq('http.request.method', 'get')] },
        // A few anchors cover message's substrings: one more could undo the gate.
        { group: 0, clause: [sub('message', 'lsadump::')] },
        { group: 0, clause: [sub(LEAVES_PATH, 'x')] },
        // One atom of the clause is enough to refuse it.
        { group: 0, clause: [eq('http.request.method', 'put'), eq('host.name', 'h')] },
      ]),
    ).toEqual([false, false, false, false, false, false, false]);
  });
});
