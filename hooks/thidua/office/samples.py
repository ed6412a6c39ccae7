"""Taking the sample data out: every `sample: true` honouree, its photo and the sample results, all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from thidua.fs import write_atomic
from thidua.load.yamlfile import read_yaml
from thidua.model.problems import Msg

RESULTS_PENDING = """# yaml-language-server: $schema=schema/results.schema.json
#
# Kết quả khen thưởng của đợt thi đua. Khi có quyết định: ghi từng quyết định dưới decisions:, đặt
# status: final (xem HUONG-DAN.md, mục Công bố kết quả khen thưởng).
# The campaign's award results. Once decided: list each decision under decisions: and set
# status: final (see GUIDE.md, "Publish the results").
sample: false
# pending: đang chờ kết quả / results not yet decided; final: đăng kết quả / results published
status: pending
decisions: []
"""


@dataclass
class SampleRemoval:
    """What removing the sample data does: the files it deletes, the results it resets, and what stops it."""

    data_dir: Path
    honourees: list[Path] = field(default_factory=list)
    photos: list[Path] = field(default_factory=list)
    results: Path | None = None  # results.yaml holding sample decisions, reset to "pending"
    unreadable: list[Path] = field(default_factory=list)  # honouree files that could not be read: kept
    refusals: list[Msg] = field(default_factory=list)  # why it cannot be done (nothing is removed)

    @property
    def files(self) -> list[Path]:
        return [*self.honourees, *self.photos]

    @property
    def empty(self) -> bool:
        return not self.files and self.results is None


def _read(path: Path) -> dict | None:
    located, problems = read_yaml(path, path.name)
    if located is None or problems or not isinstance(located.data, dict):
        return None
    return located.data


def plan_removal(data_dir: Path) -> SampleRemoval:
    """Find the sample data under `data_dir`; change nothing."""
    data_dir = Path(data_dir)
    plan = SampleRemoval(data_dir)
    samples: set[str] = set()
    kept_photos: set[str] = set()
    sample_photos: set[str] = set()
    folder = data_dir / "honourees"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = _read(path)
        if data is None:
            plan.unreadable.append(path)
            continue
        photo = data.get("photo") if isinstance(data.get("photo"), dict) else {}
        file = photo.get("file") if isinstance(photo.get("file"), str) else None
        if data.get("sample") is True:
            plan.honourees.append(path)
            samples.add(path.stem)
            if file:
                sample_photos.add(file)
        elif file:
            kept_photos.add(file)
    for name in sorted(sample_photos - kept_photos):
        photo = data_dir / "photos" / name
        if "/" not in name and "\\" not in name and photo.is_file():
            plan.photos.append(photo)
    results = data_dir / "results.yaml"
    if results.is_file():
        data = _read(results)
        if data is None:
            plan.refusals.append(Msg.of("cli.samples.results_unreadable", file="results.yaml"))
        elif data.get("sample") is True:
            plan.results = results
        else:
            named = set()
            for decision in data.get("decisions") or []:
                if isinstance(decision, dict):
                    named |= {h for h in decision.get("awarded") or [] if h in samples}
            named |= {h for h in data.get("allow_repeat_awards") or [] if h in samples}
            if named:
                plan.refusals.append(Msg.of("cli.samples.named_in_results", ids=", ".join(sorted(named))))
    return plan


def apply_removal(plan: SampleRemoval) -> None:
    """Remove the planned files and reset the results, all or nothing.

    The files are first moved into a folder beside them (a rename: nothing is copied), then the results
    are rewritten; if anything fails, every file is moved back. Only then is the folder deleted.
    """
    staging = Path(tempfile.mkdtemp(dir=plan.data_dir, prefix=".samples-removed-"))
    moved: list[tuple[Path, Path]] = []
    try:
        for i, path in enumerate(plan.files):
            target = staging / f"{i}-{path.name}"
            os.replace(path, target)
            moved.append((path, target))
        if plan.results is not None:
            write_atomic(plan.results, RESULTS_PENDING.encode("utf-8"))
    except BaseException:
        for original, target in reversed(moved):
            os.replace(target, original)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
