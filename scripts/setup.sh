#!/usr/bin/env bash
# Set up everything `compliance` needs on a Debian/Ubuntu machine with Python >= 3.11:
# system packages (PDF tools used by the tests, fonts, HarfBuzz subsetter for reproducible PDFs,
# PostgreSQL for the service tests, a PKCS#11 token for the signing tests, Chromium and its
# WebDriver for the portal's browser tests)
# and a virtual environment in .venv with the package (editable) and its test dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(poppler-utils qpdf pdftk-java libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
              libreoffice-calc-nogui libreoffice-writer-nogui postgresql
              chromium chromium-driver)  # portal browser tests; bench_speed's print-to-PDF
# signing tests: a PKCS#11 token (SoftHSM2) and its tools (OpenSC's pkcs11-tool); a form filler as
# PDF viewers fill (poppler-glib through python3-gi)
APT_PACKAGES+=(softhsm2 opensc gir1.2-poppler-0.18 python3-gi)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these system packages: ${missing[*]}" >&2
  fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)" >&2
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
echo "setup: ready (.venv/bin/compliance --help)" >&2
