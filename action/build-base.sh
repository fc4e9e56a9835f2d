#!/usr/bin/env bash
# The action's third step: on a pull request with base: side-by-side, checks out the merge base
# of the pull request and its base branch into a folder of its own and builds it there with
# base-build. Outputs built (true/false), dir (the working directory inside that checkout) and
# commit. A base that cannot be found or built is a warning: the run falls back to stored results;
# so is a pages.json that measures a running site (baseUrl), for which there is nothing to build.
set -euo pipefail
output() { echo "$1=$2" >> "$GITHUB_OUTPUT"; }
case "$INPUT_BASE" in
  side-by-side | stored | none) ;;
  *)
    echo "::error title=perfgate::input base is \"$INPUT_BASE\"; expected side-by-side, stored or none"
    exit 2
    ;;
esac
if [ "$INPUT_BASE" != side-by-side ] || [ -z "${GITHUB_BASE_REF:-}" ]; then
  output built false
  exit 0
fi
fallback() {
  echo "::warning title=perfgate::$1; comparing with the base branch's stored results instead"
  output built false
  exit 0
}
# A site that is already running (baseUrl) is the same site for both builds: nothing to build.
running="$(node -e 'try { const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(typeof p.baseUrl === "string" ? p.baseUrl : "") } catch {}' "${INPUT_PAGES:-pages.json}")"
if [ -n "$running" ]; then
  echo "::notice title=perfgate::${INPUT_PAGES:-pages.json} measures a site that is already running ($running), not a build: the base branch's stored results are the comparison (base: stored skips this step)"
  output built false
  exit 0
fi
inside="$(git rev-parse --show-prefix)"
remote="refs/remotes/origin/$GITHUB_BASE_REF"
git rev-parse --verify -q "$remote" > /dev/null || git fetch --no-tags -q origin "+refs/heads/$GITHUB_BASE_REF:$remote" || true
commit="$(git merge-base HEAD "$remote" 2> /dev/null || true)"
if [ -z "$commit" ] && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  git fetch --no-tags -q --unshallow origin || true
  commit="$(git merge-base HEAD "$remote" 2> /dev/null || true)"
fi
[ -n "$commit" ] || fallback "no merge base of this pull request and origin/$GITHUB_BASE_REF (check out with fetch-depth: 0)"
dir="$RUNNER_TEMP/perfgate-base"
git worktree remove --force "$dir" 2> /dev/null || rm -rf "$dir"
git worktree add -q --detach "$dir" "$commit"
echo "perfgate: building the base ${commit:0:7} in $dir: $INPUT_BASE_BUILD"
if ! (cd "$dir/$inside" && bash -c "$INPUT_BASE_BUILD"); then
  fallback "the base commit ${commit:0:7} could not be built ($INPUT_BASE_BUILD)"
fi
output built true
output dir "$dir/$inside"
output commit "$commit"
