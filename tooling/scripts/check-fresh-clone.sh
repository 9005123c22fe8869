#!/usr/bin/env bash
# Checks the README's promise: a fresh clone of this commit, with no ../shared beside it, passes the two
# quick-start commands. Clones HEAD into an empty temporary folder, runs exactly
#   npm install -g pnpm@12.4.2 && pnpm install && pnpm demo
#   pnpm test
# there, prints pass/fail and the time of each, and removes the folder. Exit 0 only when both pass.
#
# Usage: tooling/scripts/check-fresh-clone.sh [--keep]   (--keep leaves the clone and logs for inspection)
# It runs in the environment it is given: run it as `env -u LONGFORMER_FIXTURES tooling/scripts/check-fresh-clone.sh`
# to check the defaults. Commit first: uncommitted changes are not part of the clone.
set -uo pipefail

keep=false
case "${1:-}" in
  --keep) keep=true ;;
  "") ;;
  -h | --help)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "usage: $0 [--keep]" >&2
    exit 2
    ;;
esac

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel) || exit 2
commit=$(git -C "$repo" rev-parse HEAD) || exit 2
if [ -n "$(git -C "$repo" status --porcelain)" ]; then
  echo "note: $repo has uncommitted changes; checking the commit $commit without them" >&2
fi

work=$(mktemp -d)
clone="$work/longformer-ts"
cleanup() {
  if $keep; then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "fresh clone of $commit into $clone (no ../shared beside it)" >&2
git clone --quiet --no-hardlinks "$repo" "$clone" && git -C "$clone" checkout --quiet --detach "$commit" || exit 2
if [ -e "$work/shared" ]; then
  echo "error: $work/shared exists" >&2
  exit 2
fi

# Runs one quick-start command in the clone; its output goes to a log, shown (the end of it) on failure.
step() {
  local name=$1 command=$2 log="$work/$1.log" start status
  start=$(date +%s)
  (cd "$clone" && bash -c "$command") >"$log" 2>&1
  status=$?
  local seconds=$(($(date +%s) - start))
  if [ "$status" -eq 0 ]; then
    echo "PASS  $name (${seconds}s): $command" >&2
  else
    echo "FAIL  $name (${seconds}s, exit $status): $command" >&2
    echo "----- last 40 lines of $name's output -----" >&2
    sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -n 40 >&2
    echo "-----" >&2
  fi
  # The suite's closing lines, when there are any (one per vitest run).
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[^ ]*:test: +Tests +' | sed "s/^/      /" >&2 || true
  return "$status"
}

# `npm install -g` goes to a prefix inside the temporary folder (first on PATH), as on a fresh machine:
# the machine's own global pnpm, which other shells may be running, is left alone.
export NPM_CONFIG_PREFIX="$work/npm-global"
export PATH="$NPM_CONFIG_PREFIX/bin:$PATH"

overall=0
step demo "npm install -g pnpm@12.4.2 && pnpm install && pnpm demo" || overall=1
step test "pnpm test" || overall=1
if [ "$overall" -eq 0 ]; then echo "fresh clone: PASS" >&2; else echo "fresh clone: FAIL" >&2; fi
exit "$overall"
