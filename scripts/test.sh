#!/usr/bin/env bash
# The one test command (README and CI): builds the Go tools once (cached in .tools/), compiles the
# TypeScript, then runs every test, end-to-end suites with real OpenTofu and a real Pulumi engine included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
npm run build --silent
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0
npx jest --runInBand --json --outputFile="$results" "$@" || status=$?
# One plain closing line with the counts, whatever the runner's own summary looks like.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || true
exit "$status"
