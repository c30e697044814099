import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project root, whether running from src/ (tests) or dist/src/ (the built app). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project root');
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(__dirname);
