import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  await globalThis.__demarcheEmbedded?.stop();
  if (globalThis.__demarcheDataDir) rmSync(globalThis.__demarcheDataDir, { recursive: true, force: true });
}
