#!/usr/bin/env bash
# The action's `perfgate run` step: side by side with the base built beside it (its staticDir, or
# base-command and base-url), else against the stored results of the base branch. A project with
# no pages.json (a library, as size-limit's action serves) has its bundles measured alone with
# perfgate size, against the base built beside it likewise. Outputs
# exit-code, results, out, manifest, manifest-path, assertion-results and verdict, and always exits 0 so that the review is posted and the
# reports kept; the last step of the action exits with perfgate's code.
set -uo pipefail
output() { echo "$1=$2" >> "$GITHUB_OUTPUT"; }
stored="$RUNNER_TEMP/perfgate-stored/results.json"
args=(run --pages "$INPUT_PAGES" --budgets "$INPUT_BUDGETS" --out .perfgate)
[ -z "$INPUT_RUNS" ] || args+=(--runs "$INPUT_RUNS")
[ -z "$INPUT_MAX_RUNS" ] || args+=(--max-runs "$INPUT_MAX_RUNS")
[ "${INPUT_SAVE_TRACES:-false}" != true ] || args+=(--save-traces)
[ -z "$INPUT_ID" ] || args+=(--id "$INPUT_ID")
side_by_side=false
if [ "$INPUT_PAGES" = pages.json ] && [ ! -f pages.json ]; then
  echo "perfgate: no pages.json here, so no pages to measure: the bundles of ${INPUT_BUDGETS} (or of size-limit's config) alone, with perfgate size"
  args=(size --budgets "$INPUT_BUDGETS" --out .perfgate)
  [ -z "$INPUT_ID" ] || args+=(--id "$INPUT_ID")
  if [ -n "${BASE_DIR:-}" ]; then
    # The base's copy of the folder budgets.json is in (size-limit's config is looked for there too).
    args+=(--base-root "$BASE_DIR/$(dirname "$INPUT_BUDGETS")")
    side_by_side=true
  fi
elif [ -n "${BASE_DIR:-}" ]; then
  if [ -n "$INPUT_BASE_COMMAND" ]; then
    if [ -z "$INPUT_BASE_URL" ]; then
      echo "::error title=perfgate::base-command needs base-url: the URL the base build is served at, e.g. http://127.0.0.1:4174"
      output exit-code 2
      exit 0
    fi
    args+=(--base-command "cd $(printf %q "$BASE_DIR") && $INPUT_BASE_COMMAND" --base-url "$INPUT_BASE_URL")
    side_by_side=true
  else
    static="$(node -e 'const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(p.staticDir ?? "")' "$INPUT_PAGES")"
    if [ -n "$static" ]; then
      args+=(--base-dir "$BASE_DIR/$(dirname "$INPUT_PAGES")/$static")
      side_by_side=true
    else
      echo "::warning title=perfgate::$INPUT_PAGES serves its site with a command: set base-command and base-url to measure the base side by side"
    fi
  fi
fi
if [ "$side_by_side" = false ] && [ "${GITHUB_EVENT_NAME:-}" = pull_request ] && [ "$INPUT_BASE" != none ] && [ -f "$stored" ]; then
  args+=(--base "$stored")
fi
code=0
perfgate "${args[@]}" || code=$?
output exit-code "$code"
if [ -f .perfgate/results.json ]; then
  output results "$(pwd)/.perfgate/results.json"
  output out "$(pwd)/.perfgate"
  # Lighthouse CI's manifest.json (each run's report and scores), for steps written for lhci's filesystem
  # upload: its path, and its content on one line, as treosh/lighthouse-ci-action's `manifest` output gives it.
  if [ -f .perfgate/manifest.json ]; then
    output manifest-path "$(pwd)/.perfgate/manifest.json"
    output manifest "$(node -p 'JSON.stringify(JSON.parse(require("fs").readFileSync(".perfgate/manifest.json", "utf8")))')"
  fi
  # The Lighthouse budgets that did not pass, as lhci assert writes them: treosh's `assertionResults`.
  if [ -f .perfgate/assertion-results.json ]; then
    output assertion-results "$(node -p 'JSON.stringify(JSON.parse(require("fs").readFileSync(".perfgate/assertion-results.json", "utf8")))')"
  fi
  output verdict "$(node -p 'JSON.parse(require("fs").readFileSync(".perfgate/results.json", "utf8")).verdict')"
  # For the fork workflow, which posts the review from this artifact.
  if [ "${GITHUB_EVENT_NAME:-}" = pull_request ]; then
    node -p 'require(process.env.GITHUB_EVENT_PATH).pull_request?.number ?? ""' > .perfgate/pr-number
  fi
  # A push to the default branch keeps its results as the base for later pull requests.
  if [ "${GITHUB_EVENT_NAME:-}" = push ]; then
    mkdir -p "$(dirname "$stored")" && cp .perfgate/results.json "$stored"
  fi
fi
exit 0
