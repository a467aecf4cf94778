#!/bin/sh
# Nightly split of an address-book export, for cron: from the CRM to the
# phones.
#
# Optionally fetches the export from a CardDAV collection (VCSPLIT_FETCH_URL)
# into VCSPLIT_INPUT; splits VCSPLIT_INPUT by VCSPLIT_LEDGER into VCSPLIT_OUT
# (native.vcf, secondary.vcf, rejects.vcf), keeps a JSON report and a log of
# each run (the newest VCSPLIT_KEEP of each) and an audit page over the kept
# reports (reports/audit.html, for the data-protection officer), writes the
# cards that left the native book since the last run to removed-STAMP.vcf
# (for phones that only ever add contacts); optionally publishes the two books to the CardDAV
# collections the phones sync (VCSPLIT_NATIVE_URL, VCSPLIT_SECONDARY_URL);
# and mails VCSPLIT_MAILTO when any step fails. A failed step leaves
# yesterday's books and collections as they were.
#
# Settings (environment; the crontab line sets them):
#   VCSPLIT_INPUT    the export to split (required; written when fetching)
#   VCSPLIT_LEDGER   the consent ledger (required)
#   VCSPLIT_OUT      output directory (required; must exist)
#   VCSPLIT_REPORTS  reports and logs (default: $VCSPLIT_OUT/reports)
#   VCSPLIT_KEEP     how many runs to keep reports of (default: 30)
#   VCSPLIT_MAILTO   who is mailed when a run fails (default: root; empty: nobody,
#                    the log of a failed run goes to standard error instead)
#   VCSPLIT_MAIL     mail program, called as: PROGRAM -s SUBJECT RECIPIENT (default: mail)
#   VCSPLIT_OPTS     further split options, e.g. "--purpose whatsapp --strict"
#   VCSPLIT_LANG     language of the audit page reports/audit.html: en or de (default: en)
#   VCSPLIT          the vcsplit binary (default: vcsplit on PATH)
#   VCSPLIT_FETCH_URL      CardDAV collection to fetch the export from (optional)
#   VCSPLIT_NATIVE_URL     collection the phones sync (optional; with the next)
#   VCSPLIT_SECONDARY_URL  collection of the second address-book app
#   VCSPLIT_DAV_USER       CardDAV account (optional)
#   VCSPLIT_DAV_PASSWORD_FILE  its password, first line, mode 0600 (optional)
#   VCSPLIT_DAV_OPTS       further fetch/publish options, e.g. "--ca-file /etc/ssl/company.pem"
#
# Exit status: that of the first step that failed (fetch, split, diff,
# publish: 0 ok, 1 findings, 2 input error, 3 output or server error, 130
# interrupted), or 2 when a setting is missing.

set -u

: "${VCSPLIT:=vcsplit}"
: "${VCSPLIT_KEEP:=30}"
: "${VCSPLIT_MAILTO=root}"
: "${VCSPLIT_MAIL:=mail}"
: "${VCSPLIT_OPTS:=}"
: "${VCSPLIT_LANG:=en}"
: "${VCSPLIT_DAV_OPTS:=}"

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
if [ -n "${VCSPLIT_NATIVE_URL:-}" ] && [ -z "${VCSPLIT_SECONDARY_URL:-}" ]; then
  fail "VCSPLIT_NATIVE_URL needs VCSPLIT_SECONDARY_URL"
fi

# fetch and publish options: the account, when one is set.
set --
if [ -n "${VCSPLIT_DAV_USER:-}" ]; then set -- --user "$VCSPLIT_DAV_USER"; fi
if [ -n "${VCSPLIT_DAV_PASSWORD_FILE:-}" ]; then
  set -- "$@" --password-file "$VCSPLIT_DAV_PASSWORD_FILE"
fi

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

status=0
: >"$log"
if [ -n "${VCSPLIT_FETCH_URL:-}" ]; then
  # shellcheck disable=SC2086 # VCSPLIT_DAV_OPTS holds several words
  "$VCSPLIT" fetch "$@" $VCSPLIT_DAV_OPTS -o "$VCSPLIT_INPUT" "$VCSPLIT_FETCH_URL" >>"$log" 2>&1
  status=$?
fi

if [ "$status" -eq 0 ]; then
  # shellcheck disable=SC2086 # VCSPLIT_OPTS holds several words
  "$VCSPLIT" split --progress never --wait 600 --ledger "$VCSPLIT_LEDGER" \
    --out-dir "$VCSPLIT_OUT" --report "$report" $VCSPLIT_OPTS "$VCSPLIT_INPUT" >>"$log" 2>&1
  status=$?
fi

if [ "$status" -eq 0 ] && [ -n "$previous" ]; then
  # diff exits 1 when the books differ: that is not a failure.
  "$VCSPLIT" diff --output-removed "$reports/removed-$stamp.vcf" \
    "$previous" "$VCSPLIT_OUT/native.vcf" >>"$log" 2>&1
  [ $? -le 1 ] || status=2
fi
[ -n "$previous" ] && rm -f "$previous"

if [ "$status" -eq 0 ] && [ -n "${VCSPLIT_NATIVE_URL:-}" ]; then
  # Deletes from the phones' collection first what may no longer be there.
  # shellcheck disable=SC2086 # VCSPLIT_DAV_OPTS holds several words
  "$VCSPLIT" publish "$@" $VCSPLIT_DAV_OPTS --report "$reports/publish-$stamp.json" \
    --foreign-dir "$reports" --native-url "$VCSPLIT_NATIVE_URL" \
    --secondary-url "$VCSPLIT_SECONDARY_URL" \
    "$VCSPLIT_OUT/native.vcf" "$VCSPLIT_OUT/secondary.vcf" >>"$log" 2>&1
  status=$?
fi

# Keep the newest VCSPLIT_KEEP of each kind (names sort by time).
prune() {
  printf '%s\n' "$@" | sort -r | tail -n +"$((VCSPLIT_KEEP + 1))" |
    while IFS= read -r old; do rm -f "$old"; done
}
prune "$reports"/run-*.json
prune "$reports"/run-*.log
prune "$reports"/removed-*.vcf
prune "$reports"/publish-*.json

# The audit page for the data-protection officer, over the kept reports.
set -- "$reports"/run-*.json
if [ -e "$1" ]; then
  "$VCSPLIT" report --lang "$VCSPLIT_LANG" --html "$reports/audit.html" "$@" >>"$log" 2>&1 ||
    { [ "$status" -ne 0 ] || status=2; }
fi

failure_text() {
  echo "vcsplit exited with status $status on $(hostname) ($stamp UTC)."
  echo "The previous outputs in $VCSPLIT_OUT were left as they were."
  if [ -n "${VCSPLIT_NATIVE_URL:-}" ]; then
    echo "The phones' collections were not changed, or a next run finishes what was begun."
  fi
  echo
  echo "Log ($log):"
  cat "$log"
}

if [ "$status" -ne 0 ]; then
  if [ -n "$VCSPLIT_MAILTO" ]; then
    failure_text | "$VCSPLIT_MAIL" -s "vcsplit: nightly split failed (exit $status)" "$VCSPLIT_MAILTO"
  else
    # Nobody to mail (under systemd the failure hook mails): the journal
    # gets the log.
    failure_text >&2
  fi
fi
exit "$status"
