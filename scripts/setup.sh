#!/usr/bin/env bash
# Set up gongkai on this machine, from nothing: installs what is missing (Debian packages,
# Python packages), builds the release binary and renders the example site into public/.
# Safe to run again: it only installs what is missing, and the build is incremental.
#
#   scripts/setup.sh
#
# Debian packages: the Swift build needs libcmark-dev, libqrencode-dev, libmimalloc-dev and pkg-config;
# PDFs and posters need weasyprint, fonts-noto-cjk, poppler-utils and zbar-tools; the browser
# tests need chromium, chromium-driver and Java (for v.Nu).
# Python packages: scripts/python-requirements.txt, into the python3 on PATH; WeasyPrint for `gongkai pdf`
# (scripts/pdf-requirements.txt) into the project's own virtual environment .venv/, where gongkai finds it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
START=$SECONDS

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

APT_PACKAGES=(
  libcmark-dev libqrencode-dev libmimalloc-dev libxlsxwriter-dev libssl-dev pkg-config
  weasyprint fonts-noto-cjk poppler-utils zbar-tools
  chromium chromium-driver
  libreoffice-writer-nogui libreoffice-calc-nogui
)

# --------------------------------------------------------------------------- Debian packages
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ! command -v java >/dev/null 2>&1; then
  missing+=(default-jre-headless)
fi
if ! command -v python3 >/dev/null 2>&1; then
  missing+=(python3 python3-pip)
fi

if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing ${missing[*]}: run as root (or install sudo)"
    SUDO=(sudo)
  fi
  say "installing Debian packages: ${missing[*]}"
  apt_log=$(mktemp -t gongkai-apt.XXXXXX)
  export DEBIAN_FRONTEND=noninteractive
  if ! { "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=900 update -q &&
         "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y -q "${missing[@]}"; } \
       >"$apt_log" 2>&1 </dev/null; then
    tail -n 40 "$apt_log" >&2
    die "apt-get failed (full log: $apt_log)"
  fi
  rm -f "$apt_log"
else
  say "Debian packages: all present"
fi

# --------------------------------------------------------------------------- Python packages
PY=python3
$PY -m pip --version >/dev/null 2>&1 || die "'$PY -m pip' does not work: install pip for $(command -v $PY)"
REQS="$ROOT/scripts/python-requirements.txt"
# Which requirements are not met? (uses the packaging library that pip itself carries)
py_missing=$($PY - "$REQS" <<'EOF'
import sys
from importlib import metadata
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    req = Requirement(line)
    try:
        version = metadata.version(req.name)
    except metadata.PackageNotFoundError:
        print(req.name)
        continue
    if req.specifier and not req.specifier.contains(version, prereleases=True):
        print(f"{req.name} (have {version})")
EOF
)
if [ -n "$py_missing" ]; then
  say "installing Python packages: $(echo "$py_missing" | paste -sd' ')"
  pip_log=$(mktemp -t gongkai-pip.XXXXXX)
  if ! PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 \
       $PY -m pip install -q -r "$REQS" >"$pip_log" 2>&1 </dev/null; then
    tail -n 40 "$pip_log" >&2
    die "pip install failed (full log: $pip_log)"
  fi
  rm -f "$pip_log"
  # pyenv keeps shims for new console scripts; refresh them if this python3 is pyenv's.
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash >/dev/null 2>&1 || true; fi
else
  say "Python packages: all present ($($PY --version 2>&1))"
fi

# --------------------------------------------------------------------------- WeasyPrint in .venv/
# `gongkai pdf` renders with the WeasyPrint in .venv/ beside the repository (renderer/render.py); Debian's
# older one on PATH is only the fallback. The environment is made again if it is broken (its python gone).
VENV="$ROOT/.venv"
PDF_REQS="$ROOT/scripts/pdf-requirements.txt"
want=$(grep -E '^weasyprint==' "$PDF_REQS" | head -n 1 | cut -d= -f3)
have=$("$VENV/bin/python" -c 'from importlib import metadata; print(metadata.version("weasyprint"))' 2>/dev/null || true)
# Every pin, not only WeasyPrint's: a .venv/ made before pikepdf and uharfbuzz were added gets them too.
pinned=$("$VENV/bin/python" -c '
import re, sys
from importlib import metadata
for line in open(sys.argv[1]):
    m = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
    if m:
        try:
            ok = metadata.version(m.group(1)) == m.group(2)
        except metadata.PackageNotFoundError:
            ok = False
        if not ok:
            print(m.group(1))
' "$PDF_REQS" 2>/dev/null || echo "python")
if [ -n "$want" ] && [ "$have" = "$want" ] && [ -z "$pinned" ]; then
  say "WeasyPrint $have in .venv/: present"
else
  say "installing WeasyPrint ${want:-} and its companions into .venv/ (was: ${have:-none}; to install or change: $(echo $pinned))"
  venv_log=$(mktemp -t gongkai-venv.XXXXXX)
  if ! { { "$VENV/bin/python" -c '' 2>/dev/null || { rm -rf "$VENV" && $PY -m venv "$VENV"; }; } &&
         PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install -q -r "$PDF_REQS"; } \
       >"$venv_log" 2>&1 </dev/null; then
    tail -n 40 "$venv_log" >&2
    die "could not install WeasyPrint into $VENV (full log: $venv_log; python3-venv may be missing)"
  fi
  rm -f "$venv_log"
fi

# --------------------------------------------------------------------------- Swift build
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 || die "swift not found (expected on PATH or at /opt/swift/usr/bin)"
[ -f Package.swift ] || die "no Package.swift in $ROOT"

say "building: swift build -c release --product gongkai"
build_log=$(mktemp -t gongkai-build.XXXXXX)
t0=$SECONDS
if ! swift build -c release --product gongkai >"$build_log" 2>&1 </dev/null; then
  grep -E 'error:' "$build_log" | head -n 40 >&2 || true
  echo '--- last lines of the build log:' >&2
  tail -n 60 "$build_log" >&2
  die "swift build failed (full log: $build_log)"
fi
rm -f "$build_log"
BIN="$ROOT/.build/release/gongkai"
if [ ! -x "$BIN" ]; then
  BIN="$(swift build -c release --show-bin-path)/gongkai"
fi
[ -x "$BIN" ] || die "the build did not produce the gongkai binary"
say "built $BIN in $((SECONDS - t0))s"

# --------------------------------------------------------------------------- gongkai on PATH
bash "$ROOT/scripts/link-gongkai.sh" "$BIN"

# --------------------------------------------------------------------------- example site
[ -d content ] || die "no content/ folder: nothing to render"
site_log=$(mktemp -t gongkai-site.XXXXXX)
if ! "$BIN" build >"$site_log" 2>&1 </dev/null; then
  cat "$site_log" >&2
  die "'$BIN build' failed"
fi
rm -f "$site_log"
[ -f public/index.html ] || die "'gongkai build' wrote no public/index.html"
pages=$(find public -name '*.html' | wc -l)
say "example site: $ROOT/public/index.html ($pages pages; open it directly, or serve it: python3 -m http.server -d public)"
say "done in $((SECONDS - START))s"
