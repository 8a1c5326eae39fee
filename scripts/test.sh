#!/usr/bin/env bash
# The one test command (README and CI): builds the Go tools once (cached in .tools/), compiles the
# TypeScript, then runs every test, end-to-end suites with real OpenTofu and a real Pulumi engine included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
npm run build --silent
npx jest --runInBand "$@"
