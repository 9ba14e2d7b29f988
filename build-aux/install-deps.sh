#!/usr/bin/env bash
# Installs what Tessera needs to build, run and test on Debian 12, with
# apt-get, only when something is missing.  Safe to run again.
set -euo pipefail

packages=(
  gcc pkg-config meson ninja-build gettext
  clang libclang-rt-14-dev
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libsoup-3.0-dev libjson-glib-dev libpq-dev librsvg2-dev
  libsodium-dev libqrencode-dev libgnutls28-dev poppler-utils zbar-tools
  postgresql-15 postgresql-client-15
  xvfb xauth libxtst6 dbus dbus-x11 at-spi2-core adwaita-icon-theme fonts-dejavu-core
  desktop-file-utils appstream curl ca-certificates openssl glib-networking
  systemd x11-utils locales
  chromium chromium-driver
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "These Debian packages are missing and I am not root: ${missing[*]}" >&2
    echo "Install them with: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
