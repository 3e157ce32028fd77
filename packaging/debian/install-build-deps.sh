#!/bin/sh
# Installs what Carnet needs to build and run on Debian 12 (bookworm), as root or through sudo.
#   install-build-deps.sh           to build and run Carnet
#   install-build-deps.sh --tests   and what the tests use besides (LibreOffice to open the exported files as a user
#                                   would, poppler-utils to read the PDF, clang for the readers' fuzz targets,
#                                   PostgreSQL for a throw-away cluster the server's tests start)
set -eu
packages="cmake ninja-build g++ pkg-config
qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-qpa-plugins qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev zlib1g-dev libsqlite3-dev
libxlsxwriter-dev libzip-dev libcpp-httplib-dev libqt6sql6-psql qtkeychain-qt6-dev
fonts-dejavu-core qt6-translations-l10n"
if [ "${1:-}" = "--tests" ]; then
    packages="$packages
poppler-utils libreoffice-calc-nogui clang libclang-rt-14-dev postgresql"
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=""
else
    as_root="sudo"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    $as_root apt-get update
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y --no-install-recommends $missing
fi
