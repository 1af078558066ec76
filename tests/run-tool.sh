#!/bin/bash
# run-tool.sh [--display] [NAME=VALUE...] TOOL [ARG...]
#
# Runs TOOL with ARGs (after exporting the NAME=VALUE pairs). When TOOL is
# not installed the test is skipped (exit 77), except in CI (CI=true),
# where a missing tool is a failure: CI installs everything the tests use.
# With --display, the same holds when there is no display to run TOOL on.
set -u

missing() {
  if [ "${CI:-}" = true ]; then
    echo "run-tool.sh: $1 (CI=true: this fails the test)" >&2
    exit 1
  fi
  echo "run-tool.sh: $1: skipping" >&2
  exit 77
}

if [ "${1:-}" = --display ]; then
  shift
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    missing "no display (run the tests under xvfb-run)"
  fi
fi

while [ $# -gt 0 ] && [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do
  export "${1?}"
  shift
done

if [ $# -eq 0 ]; then
  echo "usage: run-tool.sh [--display] [NAME=VALUE...] TOOL [ARG...]" >&2
  exit 2
fi

tool=$1
shift
command -v "$tool" >/dev/null 2>&1 || missing "$tool is not installed"

exec "$tool" "$@"
