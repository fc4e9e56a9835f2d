#!/usr/bin/env bash
# The action's review step: on a pull request, posts or updates the review comment (and the
# commit status with status: true; with comment: false and status: true, the status alone, linked
# to the run, whose job summary holds the review). A fork's read-only token is not a failure: the
# review is in the job summary, and the fork workflow (perfgate-review.yml) can post it.
set -euo pipefail
case "${GITHUB_EVENT_NAME:-}" in
  pull_request | pull_request_target) ;;
  *)
    echo "perfgate: not a pull request; no review to post"
    exit 0
    ;;
esac
if [ -z "${RESULTS:-}" ]; then
  echo "perfgate: no results.json (the run stopped before measuring); no review to post"
  exit 0
fi
args=(comment --results "$RESULTS" --budgets "$INPUT_BUDGETS")
if [ "$INPUT_COMMENT" != true ]; then
  if [ "$INPUT_STATUS" != true ]; then
    echo "perfgate: comment: $INPUT_COMMENT; the review is in the job summary"
    exit 0
  fi
  args+=(--status-only)
elif [ "$INPUT_STATUS" = true ]; then
  args+=(--status)
fi
[ -z "$INPUT_ID" ] || args+=(--id "$INPUT_ID")
# The artifact the step before uploaded: the review links it for the HTML reports.
[ -z "${ARTIFACT_URL:-}" ] || args+=(--artifact-url "$ARTIFACT_URL")
perfgate "${args[@]}"
