#!/usr/bin/env bash
# The action's first step: finds Chrome or Chromium (CHROME_PATH, then the usual names on PATH),
# else installs Chromium with apt-get, and exports CHROME_PATH to the job's later steps.
set -euo pipefail
found=""
for candidate in "${CHROME_PATH:-}" google-chrome-stable google-chrome chromium chromium-browser; do
  [ -n "$candidate" ] || continue
  if resolved="$(command -v "$candidate" 2>/dev/null)" && [ -x "$resolved" ]; then
    found="$resolved"
    break
  fi
done
if [ -z "$found" ]; then
  echo "perfgate: no Chrome or Chromium found; installing Chromium with apt-get"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium
  found="$(command -v chromium)"
fi
echo "perfgate: Chrome is $found ($("$found" --version 2>/dev/null || echo 'version unknown'))"
echo "CHROME_PATH=$found" >> "$GITHUB_ENV"
