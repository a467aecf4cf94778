#!/bin/sh
# Nightly split of an address-book export, for cron.
#
# Splits VCSPLIT_INPUT by VCSPLIT_LEDGER into VCSPLIT_OUT (native.vcf,
# secondary.vcf, rejects.vcf), keeps a JSON report and a log of each run
# (the newest VCSPLIT_KEEP of each), writes the cards that left the native
# book since the last run to removed-STAMP.vcf (for phones that only ever
# add contacts), and mails VCSPLIT_MAILTO when a run fails.
#
# Settings (environment; the crontab line sets them):
#   VCSPLIT_INPUT    the export to split (required)
#   VCSPLIT_LEDGER   the consent ledger (required)
#   VCSPLIT_OUT      output directory (required; must exist)
#   VCSPLIT_REPORTS  reports and logs (default: $VCSPLIT_OUT/reports)
#   VCSPLIT_KEEP     how many runs to keep reports of (default: 30)
#   VCSPLIT_MAILTO   who is mailed when a run fails (default: root; empty: nobody)
#   VCSPLIT_MAIL     mail program, called as: PROGRAM -s SUBJECT RECIPIENT (default: mail)
#   VCSPLIT_OPTS     further split options, e.g. "--purpose whatsapp --strict"
#   VCSPLIT          the vcsplit binary (default: vcsplit on PATH)
#
# Exit status: that of vcsplit split (0 ok, 1 --strict findings, 2 input
# error, 3 output error, 130 interrupted), or 2 when a setting is missing.

set -u

: "${VCSPLIT:=vcsplit}"
: "${VCSPLIT_KEEP:=30}"
: "${VCSPLIT_MAILTO=root}"
: "${VCSPLIT_MAIL:=mail}"
: "${VCSPLIT_OPTS:=}"

fail() {
  echo "vcsplit-nightly: $*" >&2
  exit 2
}

[ -n "${VCSPLIT_INPUT:-}" ] || fail "VCSPLIT_INPUT is not set"
[ -n "${VCSPLIT_LEDGER:-}" ] || fail "VCSPLIT_LEDGER is not set"
[ -n "${VCSPLIT_OUT:-}" ] || fail "VCSPLIT_OUT is not set"
[ -d "$VCSPLIT_OUT" ] || fail "$VCSPLIT_OUT: not a directory"
reports=${VCSPLIT_REPORTS:-$VCSPLIT_OUT/reports}
mkdir -p "$reports" || fail "$reports: cannot create"
case $VCSPLIT_KEEP in
  '' | *[!0-9]* | 0) fail "VCSPLIT_KEEP must be a number above 0" ;;
esac

umask 077
stamp=$(date -u +%Y%m%dT%H%M%SZ)
log="$reports/run-$stamp.log"
report="$reports/run-$stamp.json"

# The native book of the last run, to list who left it.
previous=""
if [ -f "$VCSPLIT_OUT/native.vcf" ]; then
  previous="$reports/.native-before-$stamp.vcf"
  cp "$VCSPLIT_OUT/native.vcf" "$previous" || fail "cannot keep the previous native book"
fi

# shellcheck disable=SC2086 # VCSPLIT_OPTS holds several words
"$VCSPLIT" split --progress never --wait 600 --ledger "$VCSPLIT_LEDGER" \
  --out-dir "$VCSPLIT_OUT" --report "$report" $VCSPLIT_OPTS "$VCSPLIT_INPUT" >"$log" 2>&1
status=$?

if [ "$status" -eq 0 ] && [ -n "$previous" ]; then
  # diff exits 1 when the books differ: that is not a failure.
  "$VCSPLIT" diff --output-removed "$reports/removed-$stamp.vcf" \
    "$previous" "$VCSPLIT_OUT/native.vcf" >>"$log" 2>&1
  [ $? -le 1 ] || status=2
fi
[ -n "$previous" ] && rm -f "$previous"

# Keep the newest VCSPLIT_KEEP of each kind (names sort by time).
prune() {
  printf '%s\n' "$@" | sort -r | tail -n +"$((VCSPLIT_KEEP + 1))" |
    while IFS= read -r old; do rm -f "$old"; done
}
prune "$reports"/run-*.json
prune "$reports"/run-*.log
prune "$reports"/removed-*.vcf

if [ "$status" -ne 0 ] && [ -n "$VCSPLIT_MAILTO" ]; then
  {
    echo "vcsplit split exited with status $status on $(hostname) ($stamp UTC)."
    echo "The previous outputs in $VCSPLIT_OUT were left as they were."
    echo
    echo "Log ($log):"
    cat "$log"
  } | "$VCSPLIT_MAIL" -s "vcsplit: nightly split failed (exit $status)" "$VCSPLIT_MAILTO"
fi
exit "$status"
