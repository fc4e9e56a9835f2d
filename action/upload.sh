#!/usr/bin/env bash
# The action's Lighthouse CI upload (input lhci-upload): the pull request's runs go to a Lighthouse CI
# server or to temporary public storage through perfgate upload (lhci upload, from the project's
# @lhci/cli). Outputs links: lhci's links.json (each URL's report or build diff), as treosh's action does.
set -uo pipefail
output() { echo "$1=$2" >> "$GITHUB_OUTPUT"; }
case "$INPUT_LHCI_UPLOAD" in
  '') exit 0 ;;
  lhci)
    if [ -z "$INPUT_LHCI_SERVER_BASE_URL" ] || [ -z "$INPUT_LHCI_TOKEN" ]; then
      echo "::error title=perfgate::lhci-upload: lhci needs lhci-server-base-url (the server's URL) and lhci-token (the project's build token, such as \${{ secrets.LHCI_TOKEN }})"
      exit 2
    fi
    # A re-run of the same commit is not a failure.
    args=(--target=lhci "--serverBaseUrl=$INPUT_LHCI_SERVER_BASE_URL" "--token=$INPUT_LHCI_TOKEN" --ignoreDuplicateBuildFailure)
    ;;
  temporary-public-storage) args=(--target=temporary-public-storage) ;;
  *)
    echo "::error title=perfgate::lhci-upload: \"$INPUT_LHCI_UPLOAD\" is not a target: lhci (a Lighthouse CI server) or temporary-public-storage"
    exit 2
    ;;
esac
code=0
perfgate upload "${args[@]}" || code=$?
if [ -f .lighthouseci/links.json ]; then
  output links "$(node -p 'JSON.stringify(JSON.parse(require("fs").readFileSync(".lighthouseci/links.json", "utf8")))')"
fi
exit "$code"
