import { brokerAddress } from '../../../src/inputs/mqtt';

describe('brokerAddress', () => {
  it('reads mqtts:// and mqtt:// with their default ports', () => {
    expect(brokerAddress('mqtts://Broker.Lab.Halong.local')).toEqual({ protocol: 'mqtts', host: 'broker.lab.halong.local', port: 8883, label: 'broker.lab.halong.local:8883' });
    expect(brokerAddress('mqtt://10.20.1.5')).toEqual({ protocol: 'mqtt', host: '10.20.1.5', port: 1883, label: '10.20.1.5:1883' });
    expect(brokerAddress('mqtts://[2001:db8::7]:18883')).toEqual({ protocol: 'mqtts', host: '2001:db8::7', port: 18883, label: '[2001:db8::7]:18883' });
  });

  it('refuses other schemes, a missing host, and credentials without echoing them', () => {
    expect(() => brokerAddress('https://broker.lab')).toThrow(RangeError);
    expect(() => brokerAddress('mqtt://')).toThrow(RangeError);
    expect(() => brokerAddress('not a url')).toThrow(RangeError);
    expect(() => brokerAddress('mqtts://collector:s3cret@broker.lab')).toThrow(/credentials/);
    expect(() => brokerAddress('mqtts://collector:s3cret@broker.lab')).not.toThrow(/s3cret/);
  });
});
