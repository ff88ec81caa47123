import type { Setting } from '@halong/core/node';
import { SETTINGS, loadConfig } from '@halong/core/node';

describe('SETTINGS', () => {
  it('names every variable HALONG_* in upper snake case, once', () => {
    const envs = SETTINGS.map((s) => s.env);
    for (const env of envs) expect(env).toMatch(/^HALONG_[A-Z0-9_]+$/);
    expect(new Set(envs).size).toBe(envs.length);
  });

  it('puts every setting at its own config path and documents it', () => {
    const paths = SETTINGS.map((s) => s.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const s of SETTINGS) expect(s.doc.length).toBeGreaterThan(0);
  });

  it('marks passwords and private keys as secret', () => {
    const secret = (s: Setting) => /PASSWORD|KEY_FILE$/.test(s.env) && !s.env.startsWith('HALONG_API_TLS');
    for (const s of SETTINGS.filter(secret)) expect(s.secret).toBe(true);
    expect(SETTINGS.filter((s) => s.secret).map((s) => s.env)).toEqual(
      expect.arrayContaining(['HALONG_OPENSEARCH_PASSWORD', 'HALONG_KAFKA_SASL_PASSWORD', 'HALONG_KAFKA_KEY_FILE']),
    );
  });

  it('has defaults that its own parsers accept unchanged', () => {
    for (const s of SETTINGS.filter((x) => x.default !== undefined && typeof x.default !== 'boolean')) {
      expect({ env: s.env, parsed: s.parse(String(s.default)) }).toEqual({ env: s.env, parsed: { value: s.default } });
    }
  });

  it('gives the same config when every default is spelled out in the environment', () => {
    const env: Record<string, string> = {};
    for (const s of SETTINGS) if (s.default !== undefined && s.default !== '') env[s.env] = String(s.default);
    expect(loadConfig({ env })).toEqual(loadConfig({ env: {} }));
  });
});
