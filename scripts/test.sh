#!/usr/bin/env bash
# Run every test of gongkai: set up (scripts/setup.sh), the Swift tests, a 60-second run of the content
# loader's fuzz target (ContentFuzzTests), then the browser and
# validator suite (Tests/browser, with the kill test: v.Nu, axe-core, headless Chromium; test_pdf.py renders the print
# catalogue and posters with WeasyPrint and reads them back with poppler and zbarimg), then a smoke
# run of the benchmark against Hugo (bench/run.py --quick: both builds must succeed and be complete;
# no timing is asserted) and of the PDF benchmark (bench/pdf.py --quick: cold, nothing changed and one
# matter changed on the example content; only what is rendered is checked, no timing). Exits non-zero if anything fails.
#
#   scripts/test.sh
#
# GONGKAI_SKIP_SETUP=1 skips scripts/setup.sh (for a quick re-run on a machine that is set up).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
START=$SECONDS
export PYTHONDONTWRITEBYTECODE=1

results=()
failed=0
passed=0
record() { # record NAME RC DETAIL
  if [ "$2" -eq 0 ]; then
    results+=("PASS  $1${3:+  ($3)}")
    passed=$((passed + 1))
  else
    results+=("FAIL  $1${3:+  ($3)}")
    failed=$((failed + 1))
  fi
}

summary() {
  echo
  echo "================ gongkai test summary ($((SECONDS - START))s) ================"
  for line in "${results[@]}"; do echo "$line"; done
  echo "steps: $passed passed, $failed failed"
}

if [ "${GONGKAI_SKIP_SETUP:-0}" != 1 ]; then
  echo "==> scripts/setup.sh"
  if bash scripts/setup.sh; then
    record "setup (scripts/setup.sh)" 0
  else
    record "setup (scripts/setup.sh)" 1
    summary
    exit 1
  fi
fi

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi

echo
echo "==> swift test"
t0=$SECONDS
rc=0
swift test </dev/null || rc=$?
record "swift test" "$rc" "exit $rc, $((SECONDS - t0))s"

echo
echo "==> content fuzz: GONGKAI_FUZZ_SECONDS=60 swift test --filter ContentFuzzTests"
t0=$SECONDS
rc=0
fuzz_out=$(mktemp -t gongkai-fuzz.XXXXXX)
GONGKAI_FUZZ_SECONDS=60 swift test --filter ContentFuzzTests </dev/null 2>&1 | tee "$fuzz_out" || rc=${PIPESTATUS[0]}
fuzz_line=$(grep -E '^content fuzz:' "$fuzz_out" | tail -n 1)
rm -f "$fuzz_out"
record "content fuzz (60 s)" "$rc" "${fuzz_line:-exit $rc}, $((SECONDS - t0))s"

echo
echo "==> QR encoder against libqrencode: GONGKAI_QR_TEXTS=6000 swift test --filter QREncoderDifferentialTests"
t0=$SECONDS
rc=0
GONGKAI_QR_TEXTS=6000 swift test --filter QREncoderDifferentialTests </dev/null || rc=$?
record "QR differential (6,000 texts x 4 levels)" "$rc" "exit $rc, $((SECONDS - t0))s"

echo
echo "==> python3 -m pytest Tests/browser -q"
t0=$SECONDS
rc=0
pytest_out=$(mktemp -t gongkai-pytest.XXXXXX)
python3 -m pytest Tests/browser -q -p no:cacheprovider </dev/null 2>&1 | tee "$pytest_out" || rc=${PIPESTATUS[0]}
last=$(grep -E '^(=+ )?[0-9]+ (passed|failed|error)|no tests ran' "$pytest_out" | tail -n 1 | sed -E 's/^=+ //; s/ =+$//')
rm -f "$pytest_out"
if [ "$rc" -eq 5 ]; then
  echo "ERROR: pytest collected no tests in Tests/browser" >&2
  record "browser suite (pytest)" 5 "no tests collected"
else
  record "browser suite (pytest)" "$rc" "${last:-exit $rc}, $((SECONDS - t0))s"
fi

# step LABEL COMMAND...: one step of the summary, passed when the command exits 0.
step() {
  local label=$1 t0=$SECONDS rc=0
  shift
  echo
  echo "==> $*"
  "$@" </dev/null || rc=$?
  record "$label" "$rc" "exit $rc, $((SECONDS - t0))s"
}

step "renderer (.venv/bin/python -m pytest Tests/renderer)" .venv/bin/python -m pytest Tests/renderer -q -p no:cacheprovider
step "benchmark (bench/run.py --quick)" python3 bench/run.py --quick
step "PDF benchmark (bench/pdf.py --quick)" python3 bench/pdf.py --quick

summary
[ "$failed" -eq 0 ]
