#!/usr/bin/env bash
# Builds the real OpenTofu and Pulumi binaries the end-to-end tests drive, from the Go module proxy,
# into .tools/bin/ (tofu, pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs).
#
# Each tool is a Go module of its own under tools/ (tools/opentofu, tools/pulumi) with a committed
# go.sum. A tool is rebuilt only when the hash of its module files (go.mod, go.sum, our own Go sources),
# the Go version or this script changes, so a second run takes well under a second.
# Progress goes to stderr; any failure exits non-zero with the reason.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS_DIR="$ROOT/.tools"
BIN_DIR="$TOOLS_DIR/bin"
STAMP_DIR="$TOOLS_DIR/stamps"
SCRIPT_PATH="$ROOT/scripts/install-tools.sh"

say() { echo "install-tools: $*" >&2; }
fail() {
  echo "install-tools: ERROR: $*" >&2
  exit 1
}

command -v go >/dev/null 2>&1 || fail "the Go toolchain (go 1.26 or newer) is not on PATH; it is needed to build tofu and pulumi"
command -v node >/dev/null 2>&1 || fail "node is not on PATH; the Pulumi language host and dynamic providers need it"
mkdir -p "$BIN_DIR" "$STAMP_DIR"

# A module's cache key: its go.mod/go.sum and Go sources, the Go version and this script.
module_key() {
  local module_dir="$1"
  {
    go version
    sha256sum "$SCRIPT_PATH" | cut -d' ' -f1
    (cd "$module_dir" && find . -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -d' ' -f1
}

module_version() {
  local module_dir="$1" module_path="$2"
  go -C "$module_dir" list -mod=readonly -m -f '{{.Version}}' "$module_path" ||
    fail "cannot read the version of $module_path from $module_dir/go.mod"
}

# build_tool NAME MODULE_DIR BINARIES... : skips when the stamp matches and every binary exists.
# The actual build is done by the build_<NAME> function, into a staging directory moved in at the end.
build_tool() {
  local name="$1" module_dir="$2"
  shift 2
  local key stamp="$STAMP_DIR/$name" bin cached=1
  [ -f "$module_dir/go.mod" ] || fail "$module_dir/go.mod is missing"
  [ -f "$module_dir/go.sum" ] || fail "$module_dir/go.sum is missing (it is committed so builds are reproducible)"
  key="$(module_key "$module_dir")"
  for bin in "$@"; do
    [ -x "$BIN_DIR/$bin" ] || cached=0
  done
  if [ "$cached" = 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
    say "$name: up to date ($*)"
    return 0
  fi
  local staging start
  staging="$(mktemp -d "$TOOLS_DIR/build.XXXXXX")"
  start=$SECONDS
  say "$name: building $* (first build from a cold Go cache takes several minutes)"
  if ! "build_$name" "$module_dir" "$staging"; then
    rm -rf "$staging"
    fail "$name: go build failed (see the output above)"
  fi
  for bin in "$@"; do
    [ -x "$staging/$bin" ] || fail "$name: the build did not produce $bin"
    mv -f "$staging/$bin" "$BIN_DIR/$bin"
  done
  rm -rf "$staging"
  echo "$key" >"$stamp"
  say "$name: built in $((SECONDS - start))s"
}

go_build() {
  # -mod=readonly: the committed go.mod/go.sum are the whole truth; a missing entry is an error.
  go -C "$1" build -mod=readonly -trimpath -ldflags="-s -w $2" -o "$3" "$4"
}

build_opentofu() {
  local module_dir="$1" out="$2"
  # dev=no drops the "-dev" suffix OpenTofu adds to builds that are not releases.
  go_build "$module_dir" "-X github.com/opentofu/opentofu/version.dev=no" "$out/tofu" \
    github.com/opentofu/opentofu/cmd/tofu
}

build_pulumi() {
  local module_dir="$1" out="$2" version version_flag
  version="$(module_version "$module_dir" github.com/pulumi/pulumi/sdk/v3)"
  # `pulumi version` and the language host's plugin info print this.
  version_flag="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version"
  go_build "$module_dir" "$version_flag" "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi &&
    go_build "$module_dir" "$version_flag" "$out/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs
}

# The engine runs Node.js dynamic providers through `pulumi-resource-pulumi-nodejs` found on PATH.
# This one always uses the repository's @pulumi/pulumi (the one the programs' providers are written
# against), whatever directory the engine starts it in.
write_dynamic_provider_launcher() {
  local launcher="$BIN_DIR/pulumi-resource-pulumi-nodejs" tmp
  tmp="$(mktemp "$TOOLS_DIR/launcher.XXXXXX")"
  cat >"$tmp" <<'EOF'
#!/bin/sh
# Written by scripts/install-tools.sh: runs @pulumi/pulumi's Node.js dynamic provider.
script="$(dirname "$0")/../../node_modules/@pulumi/pulumi/cmd/dynamic-provider"
if [ ! -f "$script/index.js" ]; then
  echo "pulumi-resource-pulumi-nodejs: $script/index.js not found; run npm ci in the repository" >&2
  exit 1
fi
exec node "$script" "$@"
EOF
  chmod 755 "$tmp"
  mv -f "$tmp" "$launcher"
}

build_tool opentofu "$ROOT/tools/opentofu" tofu
build_tool pulumi "$ROOT/tools/pulumi" pulumi pulumi-language-nodejs
write_dynamic_provider_launcher
[ -f "$ROOT/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js" ] ||
  fail "node_modules/@pulumi/pulumi is not installed; run npm ci first"
say "ready: $BIN_DIR"
