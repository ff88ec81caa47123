import { readStructuredData } from '../../../src/parsers/syslog/structured-data';

const read = (text: string) => readStructuredData(text, 0);

describe('RFC 5424 structured data', () => {
  it('reads "-" as no structured data', () => {
    expect(read('- msg')).toEqual({ end: 1 });
    expect(read('-')).toEqual({ end: 1 });
  });

  it('reads several elements, their parameters, and stops before the MSG', () => {
    const text = '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] msg';
    expect(read(text)).toEqual({
      data: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' }, 'examplePriority@32473': { class: 'high' } },
      end: text.length - 4,
    });
  });

  it('unescapes \\" \\] and \\\\ and keeps any other backslash (§6.3.3)', () => {
    expect(read('[a b="say \\"hi\\" [x\\] C:\\\\dir \\n"]').data).toEqual({ a: { b: 'say "hi" [x] C:\\dir \\n' } });
    expect(read('[a b="" c="]"]').data).toEqual({ a: { b: '', c: ']' } });
  });

  it('reads elements without parameters and keeps repeated parameters (§7.2.2) and SD-IDs', () => {
    expect(read('[timeQuality][origin ip="192.0.2.1" ip="192.0.2.2" ip="192.0.2.3"]').data).toEqual({ timeQuality: {}, origin: { ip: ['192.0.2.1', '192.0.2.2', '192.0.2.3'] } });
    expect(read('[a x="1"][a y="2"]').data).toEqual({ a: { x: '1', y: '2' } });
  });

  it('keeps sender-chosen names as plain data, never as prototypes', () => {
    const data = read('[__proto__ polluted="yes"][constructor prototype="x"]').data!;
    expect(Object.keys(data)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['x', /neither "-" nor an element/],
    ['[a b="1"', /\[a\] has no closing "\]"/],
    ['[a b="1', /value of "b" in \[a\] has no closing quote/],
    ['[a b=1]', /"b" in \[a\] is not followed by ="…"/],
    ['[ b="1"]', /SD-ID at character 1 is empty/],
    ['[a b="1"c="2"]', /has "c" at character 8 where a space or "\]" should be/],
    ['[a b="1"]x', /followed by "x" instead of a space/],
    ['-x', /followed by "x" instead of a space/],
    [`[${'a'.repeat(300)}]`, /SD-ID at character 1 is longer than 255 characters/],
  ])('rejects %s', (text, message) => {
    expect(() => read(text)).toThrow(expect.objectContaining({ code: 'HALONG_PARSE_SYSLOG', message: expect.stringMatching(message) }));
  });
});
