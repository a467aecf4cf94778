#!/bin/sh
# Remakes docs/audit-page.png: the audit page of the example book over five
# nights (2026-11-25 to 2026-11-29), Anna Schmidt's consent withdrawn before
# the fourth. The runs happen now, one after the other, in a scratch
# directory (so the page shows short relative paths); each report's start
# time is then set to 02:30 of its night, as a nightly job would have
# recorded it. Needs build/vcsplit and chromium.
#
#   scripts/audit-screenshot.sh [OUTPUT.png]
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
out=${1:-docs/audit-page.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp examples/consent.csv "$work/consent.csv"
cp examples/contacts.vcf "$work/export.vcf"
cd "$work"
mkdir out reports
for day in 25 26 27 28 29; do
  if [ "$day" = 28 ]; then
    "$top/build/vcsplit" -q ledger add consent.csv --status withdrawn \
      --email anna.schmidt@example.de --method email --at 2026-11-27T18:00:00
  fi
  "$top/build/vcsplit" split -q --as-of "2026-11-${day}T02:30:00" -l consent.csv -o out \
    --report "reports/run-202611${day}.json" export.vcf
  python3 - "reports/run-202611${day}.json" "2026-11-${day}T02:30:00Z" <<'PY'
import json, sys
path, started = sys.argv[1], sys.argv[2]
with open(path) as f:
    report = json.load(f)
report["started"] = started
with open(path, "w") as f:
    json.dump(report, f, indent=2)
PY
done
"$top/build/vcsplit" report -q reports/run-*.json --html audit.html
chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
  --window-size=1000,1500 --screenshot="$work/page.png" "file://$work/audit.html" 2>/dev/null
cd "$top"
cp "$work/page.png" "$out"
echo "audit-screenshot: $out"
