import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../src/paths';

/** The environment variables src/config.ts reads, found in its source so a new one cannot be missed. */
function settingsReadByConfig(): string[] {
  const source = readFileSync(path.join(ROOT, 'src', 'config.ts'), 'utf8');
  const names = new Set<string>();
  for (const match of source.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)|\(\s*'([A-Z][A-Z0-9_]+)'/g))
    names.add(match[1] ?? match[2]);
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

// Jest gives each test file its own copy of process.env, which process.loadEnvFile (native) does
// not write to: the loader runs in a Node process of its own, as the server does.
function envAfterLoading(file: string, env: Record<string, string>, names: string[]): Record<string, string | null> {
  const script = `require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'config.js'))}).loadEnvFile(${JSON.stringify(file)});
    console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n] ?? null]))));`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DEMARCHE_T_')));
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { env: { ...clean, ...env }, encoding: 'utf8' }),
  ) as Record<string, string | null>;
}

describe('loadEnvFile', () => {
  const names = ['DEMARCHE_T_FROM_FILE', 'DEMARCHE_T_SET', 'DEMARCHE_T_EMPTY', 'DEMARCHE_T_QUOTED'];

  it('fills in what the environment lacks and never overrides a variable already set, even to empty', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'demarche-env-')), '.env');
    writeFileSync(
      file,
      'DEMARCHE_T_FROM_FILE=file\nDEMARCHE_T_SET=file\nDEMARCHE_T_EMPTY=file\n# a comment\nDEMARCHE_T_QUOTED="a b # c"\n',
    );
    expect(envAfterLoading(file, { DEMARCHE_T_SET: 'environment', DEMARCHE_T_EMPTY: '' }, names)).toEqual({
      DEMARCHE_T_FROM_FILE: 'file',
      DEMARCHE_T_SET: 'environment',
      DEMARCHE_T_EMPTY: '',
      DEMARCHE_T_QUOTED: 'a b # c',
    });
  });

  it('does nothing when there is no such file', () => {
    const file = path.join(tmpdir(), 'demarche-no-such-dir', '.env');
    expect(envAfterLoading(file, { DEMARCHE_T_SET: 'environment' }, names)).toEqual({
      DEMARCHE_T_FROM_FILE: null,
      DEMARCHE_T_SET: 'environment',
      DEMARCHE_T_EMPTY: null,
      DEMARCHE_T_QUOTED: null,
    });
  });
});
