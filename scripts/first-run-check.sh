#!/usr/bin/env bash
# A new user's first run, as README promises it: clone into a fresh `mktemp -d` directory (mode 0700,
# reachable by root alone when run as root), run the README's first command with neither DATABASE_URL
# nor REDIS_URL set, check /health and the demo data, restart and find the data again; then run the
# README's second command there. Usage: scripts/first-run-check.sh [repo-to-clone] (default: this one);
# FIRST_RUN_TESTS=0 stops before the test suite.
set -euo pipefail

REPO="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
PORT="${FIRST_RUN_PORT:-3300}"
PG_PORT="${FIRST_RUN_PG_PORT:-54390}"
BASE="http://127.0.0.1:${PORT}"
WORK="$(mktemp -d)" # mktemp makes it 0700
APP="$WORK/app"
LOG="$WORK/first-run.log"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM -- "-$SERVER_PID"; wait "$SERVER_PID" || true; fi
  # zero-setup mode as root keeps the data of a root-only clone under /var/lib; DATA_DIR names where
  if [ -f "$APP/.data/postgres-location.txt" ]; then rm -rf "$(dirname "$(cat "$APP/.data/postgres-location.txt")")"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { echo "==> first run: $*"; }

# Starts `npm run <script>` with neither URL set, in the background, and waits for /health.
start() {
  # its own process group, signalled as a terminal's Ctrl-C would (npm, its shell and node together)
  (cd "$APP" && exec setsid env -u DATABASE_URL -u REDIS_URL -u JWT_SECRET PORT="$PORT" EMBEDDED_PG_PORT="$PG_PORT" npm run --silent "$1") >>"$LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    if curl -fsS "$BASE/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then tail -n 40 "$LOG" >&2; echo "error: npm run $1 exited before /health answered" >&2; exit 1; fi
    sleep 1
  done
  tail -n 40 "$LOG" >&2
  echo "error: /health did not answer within 240 s after npm run $1" >&2
  exit 1
}

# Stops it as a terminal's Ctrl-C would stop it (npm itself then exits non-zero, so the app's log is read).
stop() {
  local stopped_before
  stopped_before="$(grep -c '"msg":"stopped"' "$LOG" || true)"
  kill -TERM -- "-$SERVER_PID"
  wait "$SERVER_PID" || true
  # npm answers the signal at once; the app closes its workers and the database after it
  for _ in $(seq 1 120); do kill -0 -- "-$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
  SERVER_PID=""
  if [ "$(grep -c '"msg":"stopped"' "$LOG" || true)" -le "$stopped_before" ]; then tail -n 40 "$LOG" >&2; echo "error: the app did not stop cleanly on SIGTERM" >&2; exit 1; fi
  if (echo >"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then echo "error: the embedded PostgreSQL still runs after the app stopped" >&2; exit 1; fi
}

# Logs in as the demo leader and prints how many leads the leader sees.
count_leads() {
  node --input-type=module -e '
    const base = process.argv[1];
    const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "zhangjianguo", password: "Zibo-Demo@2026" }) });
    if (login.status !== 200) { console.error(`login answered ${login.status}`); process.exit(1); }
    const { accessToken } = await login.json();
    let count = 0, cursor;
    do {
      const page = await fetch(`${base}/api/v1/leads?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: { authorization: `Bearer ${accessToken}` } });
      if (page.status !== 200) { console.error(`GET /leads answered ${page.status}`); process.exit(1); }
      const body = await page.json();
      count += body.items.length;
      cursor = body.nextCursor;
    } while (cursor);
    console.log(count);
  ' "$BASE"
}

step "cloning $REPO into $APP (directory mode $(stat -c %a "$WORK"), as $(id -un))"
git clone --quiet "$REPO" "$APP"

step "npm ci && npm run demo (DATABASE_URL and REDIS_URL unset)"
(cd "$APP" && npm ci --no-audit --no-fund >>"$LOG" 2>&1)
start demo
grep -q '"status":"ok"' <(curl -fsS "$BASE/health") || { echo "error: /health is not ok" >&2; exit 1; }
before="$(count_leads)"
step "/health ok; the demo leader sees $before leads"
[ "$before" -ge 50 ] || { echo "error: expected the demo's projects, found $before leads" >&2; exit 1; }
grep -o '"msg":"database: [^"]*"' "$LOG" | head -1
stop

step "restart (npm start): the data must still be there"
start start
after="$(count_leads)"
[ "$after" = "$before" ] || { echo "error: $before leads before the restart, $after after" >&2; exit 1; }
step "after the restart the leader sees $after leads"
stop

if [ "${FIRST_RUN_TESTS:-1}" = "0" ]; then step "done (FIRST_RUN_TESTS=0: the test suite was not run)"; exit 0; fi
step "npm ci && npm test in the same clone"
cd "$APP"
npm ci --no-audit --no-fund && npm test
