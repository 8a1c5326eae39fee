#!/usr/bin/env bash
# Builds the Go peer provider (a bench fixture) into .bench-bin/terraform-provider-elasticpeer.
# Modules come from the Go module proxy on first build; later builds are incremental.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mkdir -p "$root/.bench-bin"
cd "$here"
CGO_ENABLED=0 go build -trimpath -o "$root/.bench-bin/terraform-provider-elasticpeer" .
echo "built $root/.bench-bin/terraform-provider-elasticpeer"
