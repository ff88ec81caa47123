import { readClient } from '../../../src/parsers/access-log/client';
import type { HeadToken } from '../../../src/parsers/access-log/line';

const plain = (...texts: string[]): HeadToken[] => texts.map((text) => ({ text, quoted: false }));

describe('readClient', () => {
  it('reads a lone client address, IPv4, IPv6 or name', () => {
    expect(readClient(plain('77.179.66.156'))).toEqual({ addresses: ['77.179.66.156'] });
    expect(readClient(plain('::1'))).toEqual({ addresses: ['::1'] });
    expect(readClient(plain('monitoring-server'))).toEqual({ addresses: ['monitoring-server'] });
  });

  it('reads a vhost before the client (vhost_combined, nginx $host)', () => {
    expect(readClient(plain('vhost1.domaine.fr', '123.123.123.123'))).toEqual({ vhost: 'vhost1.domaine.fr', addresses: ['123.123.123.123'] });
    expect(readClient(plain('example.com:80', 'unix:'))).toEqual({ vhost: 'example.com:80', addresses: ['unix:'] });
  });

  it('reads forwarded-for lists, leftmost first, in or before the client field', () => {
    expect(readClient(plain('10.0.0.2,', '10.0.0.1,', '127.0.0.1'))).toEqual({ addresses: ['10.0.0.2', '10.0.0.1', '127.0.0.1'] });
    expect(readClient([{ text: '10.5.102.222, 199.96.1.1, 204.246.1.1', quoted: true }, ...plain('10.2.1.185')])).toEqual({ addresses: ['10.5.102.222', '199.96.1.1', '204.246.1.1', '10.2.1.185'] });
    expect(readClient(plain('2a03:0000:10ff:f00f:0000:0000:0:8000,', '10.225.192.17', '10.2.2.121'))).toEqual({ addresses: ['2a03:0000:10ff:f00f:0000:0000:0:8000', '10.225.192.17', '10.2.2.121'] });
    expect(readClient(plain('example.com', '10.0.0.2,', '127.0.0.1'))).toEqual({ vhost: 'example.com', addresses: ['10.0.0.2', '127.0.0.1'] });
    expect(readClient(plain('1.128.3.4', '2a02:cf40::8000,', '10.225.192.17', '10.2.2.121'))).toEqual({ vhost: '1.128.3.4', addresses: ['2a02:cf40::8000', '10.225.192.17', '10.2.2.121'] });
  });

  it('refuses fields it cannot place', () => {
    expect(readClient(plain('a', 'b', 'c'))).toEqual({ error: 'Unexpected fields between the vhost and the client address.' });
    expect(readClient([])).toEqual({ error: 'No client address before ident and user.' });
    expect(readClient([{ text: ' , ', quoted: true }])).toEqual({ error: 'No client address before ident and user.' });
  });
});
