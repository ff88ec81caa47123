import { scanAccessLine } from '../../../src/parsers/access-log/line';

describe('scanAccessLine', () => {
  it('splits a combined line into its fields', () => {
    expect(scanAccessLine('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"')).toEqual({
      head: [{ text: '127.0.0.1', quoted: false }],
      ident: '-',
      user: 'frank',
      time: '10/Oct/2000:13:55:36 -0700',
      request: 'GET /apache_pb.gif HTTP/1.0',
      status: '200',
      bytes: '2326',
      referrer: 'http://www.example.com/start.html',
      userAgent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    });
  });

  it('reads the common format, which ends after the byte count', () => {
    expect(scanAccessLine('::1 - - [26/Dec/2016:16:16:48 +0200] "-" 408 -')).toEqual({ head: [{ text: '::1', quoted: false }], ident: '-', user: '-', time: '26/Dec/2016:16:16:48 +0200', request: '-', status: '408', bytes: '-' });
  });

  it("decodes Apache's \\\" and \\\\ and keeps nginx's \\xHH as written", () => {
    const line = scanAccessLine('1.2.3.4 - - [18/Jan/2015:04:51:19 -0500] "GET /a\\\\b HTTP/1.0" 404 498 "-" "() { :;}; /bin/bash -c \\"cd /tmp\\""');
    expect(line).toMatchObject({ request: 'GET /a\\b HTTP/1.0', userAgent: '() { :;}; /bin/bash -c "cd /tmp"' });
    expect(scanAccessLine('1.2.3.4 - - [12/Apr/2018:09:48:40 +0200] "\\x16\\x03\\x01 \\x22x" 400 157 "-" "-"')).toMatchObject({ request: '\\x16\\x03\\x01 \\x22x' });
  });

  it('keeps a quote a server failed to escape inside its field unless a blank follows it', () => {
    expect(scanAccessLine('1.2.3.4 - - [12/Apr/2018:09:48:40 +0200] "GET /a"b HTTP/1.1" 200 1 "-" "x"y"')).toMatchObject({ request: 'GET /a"b HTTP/1.1', userAgent: 'x"y' });
    // Such a quote before a blank cannot be told from the field's end: the rest becomes extra.
    expect(scanAccessLine('1.2.3.4 - - [12/Apr/2018:09:48:40 +0200] "GET / HTTP/1.1" 200 1 "-" "say "hi" now"')).toMatchObject({ userAgent: 'say "hi', extra: 'now"' });
  });

  it('keeps the vhost, forwarded-for lists and what follows the user agent', () => {
    expect(scanAccessLine('example.com:80 "10.5.102.222, 199.96.1.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET / HTTP/1.1" 200 1 "-" "UA" "-" 0.005')).toMatchObject({
      head: [
        { text: 'example.com:80', quoted: false },
        { text: '10.5.102.222, 199.96.1.1', quoted: true },
        { text: '10.2.1.185', quoted: false },
      ],
      extra: '"-" 0.005',
    });
    expect(scanAccessLine('1.2.3.4 - - [22/Jan/2016:13:18:29 +0000] "GET / HTTP/1.1" 200 1 0.005')).toMatchObject({ extra: '0.005' });
  });

  it('says which part is missing or malformed', () => {
    expect(scanAccessLine('hello world')).toEqual({ error: 'No [time] field.' });
    expect(scanAccessLine('1.2.3.4 - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1')).toEqual({ error: 'Expected "client ident user" before the [time] field.' });
    expect(scanAccessLine('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700 "GET / HTTP/1.0" 200 1')).toEqual({ error: 'The [time] field is not closed.' });
    expect(scanAccessLine('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] GET / HTTP/1.0 200 1')).toEqual({ error: 'No quoted "request" after the [time] field.' });
    expect(scanAccessLine('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0 200 1')).toEqual({ error: 'No quoted "request" after the [time] field.' });
    expect(scanAccessLine('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" OK 1')).toEqual({ error: 'The status after the request is not a 3-digit code.' });
    expect(scanAccessLine('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 lots')).toEqual({ error: 'The byte count after the status is neither a number nor "-".' });
    expect(scanAccessLine(`${'a '.repeat(20)}[10/Oct/2000:13:55:36 -0700] "GET /" 200 1`)).toEqual({ error: 'More than 16 fields before the [time] field.' });
  });
});
