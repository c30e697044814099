// `npm run dev`: TypeScript's own watch mode recompiles src/ on every change, and Node's own
// (node --watch) restarts the server when the compiled files change. No extra package: this
// script only starts the server once the first compilation is done, and stops both together.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const READY = /Found (\d+) errors?\. Watching for file changes/;

const compiler = spawn(process.execPath, [tsc, '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let server;
let stopping = false;

compiler.stdout.setEncoding('utf8');
compiler.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const ready = READY.exec(chunk);
  if (ready && !server) {
    if (ready[1] !== '0') console.log('Fix the errors above; the server starts after a clean compilation.');
    else startServer();
  }
});
compiler.on('exit', (code) => {
  if (!stopping) {
    console.error(`tsc --watch stopped (${code}).`);
    stop(1);
  }
});

function startServer() {
  server = spawn(process.execPath, ['--watch', 'dist/src/server.js'], { stdio: 'inherit' });
  server.on('exit', (code) => {
    if (!stopping) stop(code ?? 1);
    else process.exit(0);
  });
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  compiler.kill('SIGTERM');
  // The server stops PostgreSQL before it exits; wait for it, but not forever.
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    setTimeout(() => process.exit(1), 15_000).unref();
  } else process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
