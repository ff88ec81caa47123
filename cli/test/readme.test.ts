import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultPorts } from '@halong/core';
import { SETTINGS } from '@halong/core/node';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('shows the start and test commands on lines of their own', () => {
    expect(readme).toMatch(/^npm start$/m);
    expect(readme).toMatch(/^npm test$/m);
  });

  it('documents every HALONG_* setting with its default', () => {
    for (const s of SETTINGS) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${s.env}\` |`));
      expect(row).toBeDefined();
      if (typeof s.default === 'number') expect(row).toContain(`| ${s.default} |`);
    }
  });

  it('lists the default ports', () => {
    for (const port of [DefaultPorts.api, DefaultPorts.gateway, DefaultPorts.opensearch, DefaultPorts.kafka, DefaultPorts.syslogTls]) {
      expect(readme).toContain(String(port));
    }
  });
});
