import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnvFile } from '../src/config';
import { ROOT } from '../src/paths';

/** The environment variables src/config.ts reads, found in its source so a new one cannot be missed. */
function settingsReadByConfig(): string[] {
  const source = readFileSync(path.join(ROOT, 'src', 'config.ts'), 'utf8');
  const names = new Set<string>();
  for (const match of source.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)|\(\s*'([A-Z][A-Z0-9_]+)'/g)) names.add(match[1] ?? match[2]);
  return [...names].sort();
}

describe('.env.example', () => {
  it('lists every setting the app reads, with its default', () => {
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const settings = settingsReadByConfig();
    expect(settings).toEqual(expect.arrayContaining(['DATABASE_URL', 'PORT', 'SESSION_SECRET', 'APP_URL', 'SMTP_URL']));
    expect(settings.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('changes nothing when copied as it is: every setting is commented out', () => {
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    expect(example.split('\n').filter((line) => line.trim() && !line.startsWith('#'))).toEqual([]);
  });
});

describe('loadEnvFile', () => {
  const names = ['DEMARCHE_T_FROM_FILE', 'DEMARCHE_T_SET', 'DEMARCHE_T_EMPTY', 'DEMARCHE_T_QUOTED'];
  afterEach(() => names.forEach((name) => delete process.env[name]));

  it('fills in what the environment lacks and never overrides a variable already set, even to empty', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'demarche-env-'));
    const file = path.join(dir, '.env');
    writeFileSync(file, 'DEMARCHE_T_FROM_FILE=file\nDEMARCHE_T_SET=file\nDEMARCHE_T_EMPTY=file\n# a comment\nDEMARCHE_T_QUOTED="a b # c"\n');
    process.env.DEMARCHE_T_SET = 'environment';
    process.env.DEMARCHE_T_EMPTY = '';
    loadEnvFile(file);
    expect(process.env.DEMARCHE_T_FROM_FILE).toBe('file');
    expect(process.env.DEMARCHE_T_SET).toBe('environment');
    expect(process.env.DEMARCHE_T_EMPTY).toBe('');
    expect(process.env.DEMARCHE_T_QUOTED).toBe('a b # c');
  });

  it('does nothing when there is no such file', () => {
    expect(() => loadEnvFile(path.join(tmpdir(), 'demarche-no-such-dir', '.env'))).not.toThrow();
    expect(process.env.DEMARCHE_T_FROM_FILE).toBeUndefined();
  });
});
