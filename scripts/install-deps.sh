#!/bin/sh
# Installs the Debian packages needed to build and test vcsplit.
# Idempotent: packages already present are left alone. Uses sudo when not root.
set -eu

packages="build-essential cmake pkg-config \
  libcli11-dev libfmt-dev libphonenumber-dev libicu-dev libprotobuf-dev \
  catch2 nlohmann-json3-dev libssl-dev \
  clang libclang-rt-14-dev python3 python3-vobject python3-phonenumbers python3-yaml \
  groff-base zsh libxml2-utils shellcheck \
  clang-tidy clang-format cppcheck git \
  libcurl4-openssl-dev libxml2-dev radicale xandikos openssl \
  chromium python3-pil dpkg-dev file systemd"

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
else
  sudo="sudo"
fi

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing$missing"
# Some packages (radicale) ship a service. The tests start their own servers
# on 127.0.0.1 and stop them; nothing is started on install.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  trap '$sudo rm -f "$policy"' EXIT
fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
