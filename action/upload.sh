#!/usr/bin/env bash
# The action's Lighthouse CI upload (input lhci-upload): the pull request's runs go to a Lighthouse CI
# server or to temporary public storage through perfgate upload (lhci upload, from the project's
# @lhci/cli). Outputs links: lhci's links.json (each URL's report or build diff), as treosh's action does,
# which the review then links per page. It runs before the review and does not stop it: its exit code is
# the output exit-code, which fails the job at its end (the Verdict step).
set -uo pipefail
output() { echo "$1=$2" >> "$GITHUB_OUTPUT"; }
refuse() {
  echo "::error title=perfgate::$1"
  output exit-code 2
  exit 0
}
case "$INPUT_LHCI_UPLOAD" in
  '') exit 0 ;;
  lhci)
    if [ -z "$INPUT_LHCI_SERVER_BASE_URL" ] || [ -z "$INPUT_LHCI_TOKEN" ]; then
      refuse "lhci-upload: lhci needs lhci-server-base-url (the server's URL) and lhci-token (the project's build token, such as \${{ secrets.LHCI_TOKEN }})"
    fi
    # A re-run of the same commit is not a failure.
    args=(--target=lhci "--serverBaseUrl=$INPUT_LHCI_SERVER_BASE_URL" "--token=$INPUT_LHCI_TOKEN" --ignoreDuplicateBuildFailure)
    ;;
  temporary-public-storage) args=(--target=temporary-public-storage) ;;
  *) refuse "lhci-upload: \"$INPUT_LHCI_UPLOAD\" is not a target: lhci (a Lighthouse CI server) or temporary-public-storage" ;;
esac
code=0
perfgate upload "${args[@]}" || code=$?
if [ -f .lighthouseci/links.json ]; then
  output links "$(node -p 'JSON.stringify(JSON.parse(require("fs").readFileSync(".lighthouseci/links.json", "utf8")))')"
fi
[ "$code" = 0 ] || echo "::error title=perfgate::the upload to Lighthouse CI failed (perfgate upload exited $code; its log above says why). The review is posted; the job fails at its end."
output exit-code "$code"
