import { urlParts } from '../../../src/parsers/cef/url-parts';

describe('urlParts', () => {
  it('splits absolute URLs without normalising them', () => {
    expect(urlParts('http://vpx247.example.net/FFC/login_post.html?abc=def')).toEqual({ scheme: 'http', domain: 'vpx247.example.net', path: '/FFC/login_post.html', query: 'abc=def' });
    expect(urlParts('https://user:pw@example.com:8443/a/../b#frag')).toEqual({ scheme: 'https', domain: 'example.com', port: 8443, path: '/a/../b', fragment: 'frag' });
    expect(urlParts('http://[2001:db8::1]:8080/x')).toEqual({ scheme: 'http', domain: '2001:db8::1', port: 8080, path: '/x' });
    expect(urlParts('https://www.example.com')).toEqual({ scheme: 'https', domain: 'www.example.com' });
  });

  it('splits origin-form targets', () => {
    expect(urlParts('/assets/xxxx?q=100')).toEqual({ path: '/assets/xxxx', query: 'q=100' });
    expect(urlParts('/a?')).toEqual({ path: '/a' });
    expect(urlParts('/%2e%2e/etc/passwd')).toEqual({ path: '/%2e%2e/etc/passwd' });
  });

  it('reads nothing from text that is neither', () => {
    expect(urlParts('example.com')).toEqual({});
    expect(urlParts('*')).toEqual({});
    expect(urlParts('example.com:443')).toEqual({});
  });
});
