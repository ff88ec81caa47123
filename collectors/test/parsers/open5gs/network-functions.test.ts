import { networkFunctionOf } from '../../../src/parsers/open5gs/network-functions';

describe('networkFunctionOf', () => {
  it('prefers the daemon name, then an NF domain, then a domain only one NF has', () => {
    expect(networkFunctionOf({ program: 'open5gs-smfd', domain: 'amf' })).toBe('smf');
    expect(networkFunctionOf({ domain: 'upf', originFile: '../lib/pfcp/path.c' })).toBe('upf');
    expect(networkFunctionOf({ domain: 'gmm', topic: '/var/log/open5gs/smf.log' })).toBe('amf');
    expect(networkFunctionOf({ domain: 'emm' })).toBe('mme');
  });

  it('falls back to the source directory of the log call, then to the log file name', () => {
    expect(networkFunctionOf({ domain: 'app', originFile: '../src/ausf/app.c' })).toBe('ausf');
    expect(networkFunctionOf({ domain: 'sbi', originFile: '../lib/sbi/path.c', topic: '/var/log/open5gs/pcf.log' })).toBe('pcf');
    expect(networkFunctionOf({ domain: 'sbi', topic: '/root/open5gs/install/var/log/open5gs/smf1.log' })).toBe('smf');
  });

  it('gives nothing when no clue names an NF, even for names inherited from Object', () => {
    expect(networkFunctionOf({ domain: 'sbi', originFile: '../lib/sbi/path.c' })).toBeUndefined();
    expect(networkFunctionOf({ domain: 'constructor', topic: 'mqtt/toString' })).toBeUndefined();
  });
});
