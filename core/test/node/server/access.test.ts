import { isLoopback } from '@halong/core/node';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.0.0.53', '127.255.255.254', '::1', '::ffff:127.0.0.1', '::ffff:127.1.2.3'])('treats %s as loopback', (ip) => {
    expect(isLoopback(ip)).toBe(true);
  });

  it.each(['10.1.2.3', '192.168.1.1', '0.0.0.0', '::', '::2', '::ffff:10.0.0.1', '128.0.0.1', '1127.0.0.1', '127.0.0.1.evil', 'localhost', ''])(
    'does not treat %p as loopback',
    (ip) => {
      expect(isLoopback(ip)).toBe(false);
    },
  );
});
