"""Does the installed llama.cpp runtime work on this CPU? One batched completion with the embedded model.

The set-up (``run.sh``) runs this in a child process after installing llama-cpp-python: a runtime compiled
with kernels this CPU mis-executes dies with SIGSEGV in batched prompt evaluation (seen on Intel Sapphire
Rapids with AVX-512/AMX), and it must take only this process down, never the set-up or the app.

    python -m simulator.backends.llama_check [--model PATH] [--json]

Exit 0 when the completion returned text; the JSON line says which CPU features llama.cpp uses.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from core.errors import AppError
from core.weights import QWEN_CODER_1_5B
from simulator.settings import Settings

# Long enough to be evaluated in one batch of many tokens, in two scripts.
PROMPT = (
    "The caller said: good morning, this is Alex from TalentBridge Recruitment, is now a good time to talk "
    "about your warehouse roles? 您好，我是华讯宽带的小陈，请问有什么可以帮您？ The manager answered:"
)


def check(model: Path, *, threads: int = 2, batch: int = 512) -> dict[str, object]:
    """Load the model and complete :data:`PROMPT`; raises nothing of its own (a broken kernel kills the process)."""
    import llama_cpp  # the compiled runtime under test: only this child process loads it

    began = time.perf_counter()
    llm = llama_cpp.Llama(model_path=str(model), n_ctx=512, n_threads=threads, n_threads_batch=threads,
                          n_batch=batch, verbose=False)
    out = llm.create_completion(PROMPT, max_tokens=8, temperature=0.0)
    text = out["choices"][0]["text"]
    return {
        "ok": bool(text.strip()),
        "text": text,
        "seconds": round(time.perf_counter() - began, 2),
        "llama_cpp": llama_cpp.__version__,
        "system_info": llama_cpp.llama_print_system_info().decode(errors="replace").strip(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator.backends.llama_check", description=__doc__)
    parser.add_argument("--model", type=Path, help="GGUF file (default: the embedded model)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        model = args.model or QWEN_CODER_1_5B.ensure(Settings().model_dir)
        result = check(model)
    except AppError as exc:
        print(f"error: {exc.describe()}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"error: llama-cpp-python is not installed ({exc})", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False) if args.json else f"llama.cpp works: {result['system_info']}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
