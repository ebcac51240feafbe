#!/usr/bin/env bash
# Puts gongkai on PATH as a link to the build: scripts/link-gongkai.sh BINARY [LINK]
# (LINK defaults to /usr/local/bin/gongkai). A link, not a copy: gongkai finds its theme and holiday
# calendars beside the file the link points to (Installed.swift). Only a free name, or a link to a gongkai
# build that no longer exists (a checkout since removed), is (re)placed; anything else there is the machine
# owner's, and stays. Prints one line saying what it did; exits 0 either way (setup goes on).
set -u
BIN=$1
LINK=${2:-/usr/local/bin/gongkai}
say() { printf '[setup] %s\n' "$*"; }

stale_link() {
  [ -L "$LINK" ] && [ ! -e "$LINK" ] && case "$(readlink "$LINK")" in */.build/*/gongkai) true ;; *) false ;; esac
}

if [ -L "$LINK" ] && [ "$(readlink "$LINK")" = "$BIN" ]; then
  say "on PATH: $LINK -> $BIN"
elif { { [ ! -e "$LINK" ] && [ ! -L "$LINK" ]; } || stale_link; } && [ -d "$(dirname "$LINK")" ] && [ -w "$(dirname "$LINK")" ]; then
  ln -sfn "$BIN" "$LINK" && say "on PATH: $LINK -> $BIN (run gongkai from any folder)"
else
  say "not linking $LINK (something else is there, or it is not writable): run $BIN by its path"
fi
