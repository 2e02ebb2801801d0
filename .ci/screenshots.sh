#!/usr/bin/env bash
# Saves a PNG of each main screen of the window, showing the demo co-op, into
# docs/screenshots/: builds the binary, seeds `mutual demo` into a temporary
# directory, starts the real binary under a virtual X server (Xvfb) once per
# screen (MUTUAL_SCREEN picks it) and captures the window with ImageMagick.
# Installs xvfb and imagemagick with apt-get when missing (as root).
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."

# shoot runs inside the virtual X server: open the window on one screen,
# wait for it to draw, capture it, close it.
shoot() {
  local data=$1 screen=$2 file=$3
  MUTUAL_SCREEN=$screen bin/mutual --data "$data" 2>"$data/../$screen.log" &
  local pid=$! id=""
  for _ in $(seq 1 60); do
    id=$(xwininfo -root -tree 2>/dev/null | awk '/"Mutual"/ {print $1; exit}')
    [ -n "$id" ] && break
    sleep 0.5
  done
  sleep "${SCREENSHOT_WAIT:-6}"
  if [ -n "$id" ]; then
    import -window "$id" "$file"
  else
    import -window root "$file"
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# Inside the virtual X server this script runs itself again with --shoot.
if [ "${1:-}" = "--shoot" ]; then
  shoot "$2" "$3" "$4"
  exit
fi

SCREENS=(proposals schedules agreements members sync)
OUT=docs/screenshots
SIZE=1180x760

need=()
command -v xvfb-run >/dev/null || need+=(xvfb)
command -v import >/dev/null || need+=(imagemagick)
command -v xwininfo >/dev/null || need+=(x11-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]}; install them with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

.ci/sysdeps
export CGO_ENABLED=1
go build -o bin/mutual .

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/share"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$OUT"
bin/mutual demo --data "$tmp/data" >/dev/null

# The real window starts LAN discovery and listens on every interface: turn
# discovery off, and as root run it in a network namespace of its own with
# only loopback up, so nothing it does reaches a real network.
export MUTUAL_MDNS=off MUTUAL_INTERNET=off MUTUAL_PORTMAP=off
isolated() {
  if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
    unshare --net -- bash -c 'ip link set lo up && exec "$@"' _ "$@"
  else
    "$@"
  fi
}

for screen in "${SCREENS[@]}"; do
  isolated xvfb-run -a -s "-screen 0 ${SIZE}x24" "$self" --shoot "$tmp/data" "$screen" "$OUT/$screen.png"
  # Screenshots are for reading: strip metadata, keep them small.
  convert "$OUT/$screen.png" -strip -colors 256 PNG8:"$OUT/$screen.png"
  echo "saved $OUT/$screen.png"
done
