#!/usr/bin/env bash
# The action's second step: puts a `perfgate` on the job's PATH. The project's own install comes
# first (the version it tested), then this action's built copy when it has one, else the published
# package of this action's version (or perfgate-version) through npm exec.
set -euo pipefail
bin="$RUNNER_TEMP/perfgate-bin"
mkdir -p "$bin"
if [ -x node_modules/.bin/perfgate ]; then
  printf '#!/usr/bin/env bash\nexec %q "$@"\n' "$(pwd)/node_modules/.bin/perfgate" > "$bin/perfgate"
  from="the project's node_modules"
elif [ -f "$GITHUB_ACTION_PATH/dist/cli.js" ] && [ -d "$GITHUB_ACTION_PATH/node_modules" ]; then
  printf '#!/usr/bin/env bash\nexec node %q "$@"\n' "$GITHUB_ACTION_PATH/dist/cli.js" > "$bin/perfgate"
  from="the action's own build"
else
  version="${INPUT_PERFGATE_VERSION:-}"
  [ -n "$version" ] || version="$(node -p 'require(process.argv[1]).version' "$GITHUB_ACTION_PATH/package.json")"
  if ! [[ "$version" =~ ^[0-9A-Za-z.^~*-]+$ ]]; then
    echo "::error title=perfgate::perfgate-version \"$version\" is not a version (e.g. 1.2.0 or ^1)"
    exit 2
  fi
  printf '#!/usr/bin/env bash\nexec npm exec --yes --package=%q -- perfgate "$@"\n' "perfgate@$version" > "$bin/perfgate"
  from="npm (perfgate@$version)"
fi
chmod +x "$bin/perfgate"
echo "$bin" >> "$GITHUB_PATH"
echo "perfgate: $("$bin/perfgate" --version) from $from"
