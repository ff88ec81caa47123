import { parseRequestLine } from '../../../src/parsers/access-log/request-line';

describe('parseRequestLine', () => {
  it('reads method, target and version', () => {
    expect(parseRequestLine('GET /apache_pb.gif HTTP/1.0')).toEqual({ method: 'GET', target: '/apache_pb.gif', version: '1.0' });
    expect(parseRequestLine('CONNECT example.com:443 HTTP/1.1')).toEqual({ method: 'CONNECT', target: 'example.com:443', version: '1.1' });
    expect(parseRequestLine('PRI * HTTP/2.0')).toEqual({ method: 'PRI', target: '*', version: '2.0' });
    expect(parseRequestLine('GET /')).toEqual({ method: 'GET', target: '/' });
  });

  it('keeps targets with raw spaces and escaped bytes whole', () => {
    expect(parseRequestLine('GET /a b/c HTTP/1.1')).toEqual({ method: 'GET', target: '/a b/c', version: '1.1' });
    expect(parseRequestLine('GET /images/q2.gie\\xa7\\xb1\\xb7\\xf7, HTTP/1.1')).toEqual({ method: 'GET', target: '/images/q2.gie\\xa7\\xb1\\xb7\\xf7,', version: '1.1' });
  });

  it('refuses what is not a request line', () => {
    expect(parseRequestLine('-')).toBeUndefined();
    expect(parseRequestLine('')).toBeUndefined();
    expect(parseRequestLine('hello')).toBeUndefined();
    expect(parseRequestLine('\\x16\\x03\\x01\\x00\\xEC\\x01\\x00\\x00\\xE8\\x03\\x03\\xF5 \\xFF\\xBDm')).toBeUndefined();
    expect(parseRequestLine('GET  HTTP/1.1')).toBeUndefined();
    expect(parseRequestLine(`${'A'.repeat(40)} / HTTP/1.1`)).toBeUndefined();
  });
});
