#!/bin/sh
# Install the Debian packages sopc needs when they are missing.
# As root on Debian/Ubuntu this runs apt-get; elsewhere it says what to install.
missing=""
for pkg in "$@"; do
    if command -v dpkg-query >/dev/null 2>&1; then
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
    else
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit $?
fi
echo "sopc needs these system packages:$missing" >&2
echo "  Debian/Ubuntu (as root): apt-get install -y --no-install-recommends$missing" >&2
echo "  macOS (Homebrew):        brew install graphviz poppler pango font-noto-sans-cjk" >&2
echo "Continuing; commands that need them will fail until they are installed." >&2
exit 0
