#!/usr/bin/env bash
# Runs every test project in Reliability.sln and ends with the line "N passed, N failed[, N skipped]".
# Exits non-zero when anything fails or cannot run.
set -uo pipefail
cd "$(dirname "$0")"

fail() { echo "test.sh: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

command -v dotnet >/dev/null 2>&1 || fail "the .NET 10 SDK is required but 'dotnet' is not on PATH (install it from https://dot.net/download)."
dotnet --list-sdks | grep -q '^10\.' || fail "the .NET 10 SDK is required; found: $(dotnet --list-sdks | tr '\n' ' ')"

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || fail "Node.js 20+ with npm is required to build the board (web/); install it (e.g. apt-get install -y nodejs npm, or https://nodejs.org)."

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here). Install it when missing.
chromium="${RELIABILITY_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "test.sh: Chromium not found at $chromium; installing Debian's chromium package..."
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    fail "Chromium is missing and this user cannot install it: run 'apt-get install -y chromium' as root, or set RELIABILITY_CHROMIUM to a Chromium binary."; fi
  command -v apt-get >/dev/null 2>&1 || fail "Chromium is missing and apt-get is not available: install Chromium and set RELIABILITY_CHROMIUM to its path."
  { $sudo apt-get install -y -qq chromium >/dev/null 2>&1 || { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq chromium >/dev/null 2>&1; }; } \
    || fail "installing Chromium with apt-get failed; run 'apt-get update && apt-get install -y chromium' to see why."
  [ -x "$chromium" ] || fail "Chromium was installed but is not at $chromium; set RELIABILITY_CHROMIUM to its path."
fi
export RELIABILITY_CHROMIUM="$chromium"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$PWD/TestResults"
rm -rf "$results"

dotnet tool restore >/dev/null || fail "'dotnet tool restore' failed (is the NuGet feed reachable?)."
# The server's build also installs the board's npm packages (npm ci) and builds it with Vite.
dotnet build Reliability.sln -c Release -nologo -clp:ErrorsOnly || fail "the build failed; see the errors above."

export RELIABILITY_ARTIFACTS="$results/artifacts"   # screenshots from the browser tests
dotnet test Reliability.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?

# Sum the counters of every project's TRX report: the real totals across all test projects.
shopt -s nullglob
reports=("$results"/*.trx)
[ ${#reports[@]} -gt 0 ] || fail "no test results were written (the test host may have crashed)."
read -r total passed failed < <(
  grep -ho '<Counters [^>]*' "${reports[@]}" | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); c[kv[1]] += kv[2] } }
    END { print c["total"] + 0, c["passed"] + 0, c["failed"] + c["error"] + c["timeout"] + c["aborted"] + 0 }')
skipped=$((total - passed - failed))

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$skipped" -eq 0 ] && [ "$total" -gt 0 ]
