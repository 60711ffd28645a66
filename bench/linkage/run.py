"""Linkage bench: the Commonground engine and a Splink baseline on the same data, one run.

Usage::

    python -m bench.linkage.run --seed 42 --sizes 10k,100k,1M [--no-splink]

Member files are generated (``bench.linkage.generate``) when missing. Each measurement
runs in a fresh subprocess, so that its peak memory (``ru_maxrss``) is its own. The
engine's time covers everything a ``match`` run does: reading the register and building
the matcher, reading the members CSV and matching every record. Splink's covers the
same: preparing both tables, training, predicting and picking each member's best match.
See README.md for the metric definitions.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.linkage import generate

if TYPE_CHECKING:
    from commonground.linkage.parallel import ParallelStats

OUT = Path("bench/out")
ROOT = Path(__file__).resolve().parents[2]
# Splink lives in its own virtualenv (README.md): it is a bench-only dependency.
SPLINK_VENV_PYTHON = ROOT / "bench/out/splink-venv/bin/python"
SPLINK_MAX_DEFAULT = 100_000
MATCH_PEAK_MB = 500  # issue 20: `match` at 100,000 records, 2 workers

Result = dict[str, object]


@dataclass
class Scores:
    """Per-member outcome counts and the metrics derived from them."""

    records: int = 0
    linkable: int = 0
    auto: int = 0
    review: int = 0
    tp: int = 0
    partial: int = 0
    fp: int = 0
    fp_none: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    groups: dict[str, Scores] = field(default_factory=dict)
    """The same counts for each kind of record (:func:`record_groups`)."""

    def add(
        self,
        decision: str,
        loc: str,
        prov: str,
        t_loc: str,
        t_prov: str,
        level: str,
        case: str,
        groups: Iterable[str] = (),
    ) -> None:
        """Count one record. ``level`` is the truth's: location, provider or none."""
        for g in groups:
            self.groups.setdefault(g, Scores()).add(decision, loc, prov, t_loc, t_prov, level, case)
        self.records += 1
        linkable = level != "none"
        self.linkable += linkable
        if decision == "review":
            self.review += 1
        if decision != "auto":
            if linkable:
                self.misses[case] += 1
            return
        self.auto += 1
        if linkable and loc and loc == t_loc:
            self.tp += 1
        elif linkable and not loc and prov == t_prov:
            if level == "provider":
                self.tp += 1
            else:
                # The right provider but not the home the text names: true, less specific.
                self.partial += 1
                self.misses[case] += 1
        else:
            self.fp += 1
            self.fp_none += not linkable
            self.errors[case] += 1
            if linkable:
                self.misses[case] += 1

    @property
    def precision(self) -> float:
        return (self.tp + self.partial) / self.auto if self.auto else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.linkable if self.linkable else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def review_rate(self) -> float:
        return self.review / self.records if self.records else 0.0

    def summary(self) -> dict[str, float]:
        return {
            "records": self.records,
            "precision": self.precision,
            "recall": self.recall,
            "review_rate": self.review_rate,
            "auto": self.auto,
            "fp": self.fp,
            "linked_rate": self.auto / self.records if self.records else 0.0,
        }


def ensure_data(out: Path, seed: int, label: str, n: int) -> tuple[Path, Path, Path]:
    reg = out / f"register_s{seed}.csv"
    members = out / f"members_s{seed}_{label}.csv"
    truth = out / f"truth_s{seed}_{label}.csv"
    current = reg.exists() and "predecessor_ids" in reg.open(encoding="utf-8").readline()
    if not (current and members.exists() and truth.exists()):
        out.mkdir(parents=True, exist_ok=True)
        register = generate.build_register(seed)
        generate.write_register(register, reg)
        generate.write_members(register, seed, n, members, truth)
    return reg, members, truth


def read_register(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_truth(path: Path) -> Iterator[tuple[str, str, str, str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            yield row[0], row[1], row[2], row[3], row[4]


def peak_mb(extra_kib: int = 0) -> float:
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    own = rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
    return own + extra_kib / 1024


def _children(pid: int) -> list[int]:
    """The pids of a process's children, from /proc (empty where there is none)."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(p) for p in f.read().split()]
        except (OSError, ValueError):
            continue
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    out = [pid]
    for child in _children(pid):
        out += _tree(child)
    return out


class PeakPss:
    """The peak, sampled every 0.2 s, of the summed PSS of a process tree: this process
    (or ``pid``) and all its descendants.

    PSS (proportional set size) divides each shared page among the processes sharing it,
    so the sum is the memory a process tree really holds: forked workers sharing the
    matcher copy-on-write are not counted twice. 0 where /proc does not tell. The one
    way memory is measured here, for the engine, Splink and ``commonground match``.
    """

    def __init__(self, interval: float = 0.2, pid: int | None = None) -> None:
        self.interval = interval
        self.pid = pid
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        root = self.pid if self.pid is not None else os.getpid()
        total = sum(_pss_kib(p) for p in _tree(root))
        self.peak_kib = max(self.peak_kib, total)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> PeakPss:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def peak_mb(self) -> float:
        return self.peak_kib / 1024


def result(
    name: str, scores: Scores, total: float, note: str = "", stats: ParallelStats | None = None
) -> Result:
    # CPU seconds of this process and its threads, and of its reaped children (the forked
    # matching workers): on a shared machine, wall time depends on what else runs; CPU
    # time much less so.
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() + kids.ru_utime + kids.ru_stime
    return {
        "system": name,
        "records": scores.records,
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "review_rate": scores.review_rate,
        "auto": scores.auto,
        "fp": scores.fp,
        "fp_none": scores.fp_none,
        "partial": scores.partial,
        "total_s": total,
        "cpu_s": cpu,
        "throughput": scores.records / total if total else 0.0,
        # The parent's peak RSS plus each forked worker's (an upper bound: pages the
        # workers share with the parent copy-on-write are counted in each of them).
        "peak_mb": peak_mb(stats.children_peak_kib if stats else 0),
        "groups": {g: sc.summary() for g, sc in scores.groups.items()},
        "errors": dict(scores.errors.most_common(12)),
        "misses": dict(scores.misses.most_common(12)),
        "note": note,
    }


# -- workers (one subprocess each) ---------------------------------------------------------


def current_ids(regrows: list[dict[str, str]]) -> dict[str, str]:
    """Each re-registered location's current registration, by the register's own rule
    (``register.succession.follow_successions``) applied to the file's succession column,
    as ``commonground match`` has it from the database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    django.setup()
    from commonground.register.succession import follow_successions

    successors: dict[str, set[str]] = {}
    for r in regrows:
        for pid in (r.get("predecessor_ids") or "").split("|"):
            if pid:
                successors.setdefault(pid, set()).add(r["location_id"])
    facts = {r["location_id"]: (True, r.get("registration_date") or "") for r in regrows}
    ids = [r["location_id"] for r in regrows if r["location_id"] in successors]
    return {k: v for k, v in follow_successions(ids, successors, facts).items() if v != k}


def run_engine(
    reg_path: Path, members: Path, truth: Path, workers: int | None = None
) -> list[Result]:
    from commonground.linkage.engine import Candidate, Matcher, Query
    from commonground.linkage.parallel import (
        ParallelStats,
        default_workers,
        map_ordered,
        text_key,
    )

    if workers is None:
        workers = default_workers()

    t0 = time.perf_counter()
    regrows = read_register(reg_path)
    current = current_ids(regrows)
    matcher = Matcher(
        Candidate(
            location_id=r["location_id"],
            name=r["name"],
            previous_names=tuple(n for n in r["previous_names"].split("|") if n),
            provider_id=r["provider_id"] or None,
            provider_name=r["provider_name"] or None,
            postcode=r["postcode"] or None,
            town=r["town"] or None,
            council_code=r["council_code"] or None,
            service_types=(r["service"],) if r.get("service") else (),
            registered_on=r.get("registration_date") or "",
            current_id=current.get(r["location_id"]),
        )
        for r in regrows
    )
    t_build = time.perf_counter() - t0

    def rows() -> Iterable[list[str]]:
        with members.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            yield from reader

    def match_row(row: list[str]) -> tuple[str, str, str, str]:
        # What `commonground match` does per record, in a worker when there are many.
        m = matcher.match(Query(row[0], row[1], row[2], row[3], row[4]))
        return m.query_id, m.decision, m.location_id or "", m.provider_id or ""

    stats = ParallelStats()
    with PeakPss() as pss:
        decided = list(
            map_ordered(
                match_row,
                rows(),
                workers=workers,
                key=lambda row: text_key(row[2], row[1]),
                stats=stats,
                init=lambda: matcher.share_caches(workers),
            )
        )
    total = time.perf_counter() - t0
    scores = Scores()
    groups = record_groups(reg_path, members, truth)
    for (qid, decision, loc, prov), (tid, t_loc, t_prov, level, case), g in zip(
        decided, read_truth(truth), groups, strict=True
    ):
        assert qid == tid
        scores.add(decision, loc, prov, t_loc, t_prov, level, case, g)
    note = f"build {t_build:.1f}s, {stats.workers} process(es) matching"
    if stats.child_cpu_s:
        cpus = ", ".join(f"{c:.1f}" for c in stats.child_cpu_s.values())
        note += f"; CPU s: parent {time.process_time():.1f}, workers {cpus}"
    res = result("engine", scores, total, note=note, stats=stats)
    res["pss_peak_mb"] = pss.peak_mb
    return [res]


def match_database(out: Path, reg_path: Path) -> Path:
    """A database of its own holding the bench register, for ``commonground match``
    (which reads the register from the database): made once per register file."""
    var = out / f"match-db-{reg_path.stem}"
    stamp = var / "register.stamp"
    want = f"{reg_path.stat().st_size} {reg_path.stat().st_mtime_ns}"
    if stamp.exists() and stamp.read_text() == want:
        return var
    if var.exists():
        shutil.rmtree(var)
    var.mkdir(parents=True)
    env = {**os.environ, "COMMONGROUND_VAR_DIR": str(var.resolve()), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)  # SQLite in the var directory, whatever the shell says
    for cmd in (
        [sys.executable, "-m", "commonground", "migrate", "-v0"],
        [sys.executable, "-m", "bench.linkage.load_register", str(reg_path)],
    ):
        subprocess.run(cmd, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    stamp.write_text(want)
    return var


def run_match(
    out: Path, reg_path: Path, members: Path, truth: Path, workers: int | None = None
) -> list[Result]:
    """``commonground match`` itself, end to end (process start to output written), as an
    operator runs it, timed and measured from outside; its output scored like the
    engine's. The register is loaded into a database of its own first (not timed)."""
    var = match_database(out, reg_path)
    output = var / f"out_{members.stem}.csv"
    cmd = [sys.executable, "-m", "commonground", "match", "--quiet"]
    cmd += ["--input", str(members.resolve()), "--output", str(output.resolve())]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "COMMONGROUND_VAR_DIR": str(var.resolve()), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    with PeakPss(pid=proc.pid) as pss:
        # wait4: the command's own usage and that of the workers it forked and reaped.
        _pid, status, use = os.wait4(proc.pid, 0)
    total = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"commonground match failed ({proc.returncode})")
    cpu = use.ru_utime + use.ru_stime
    with output.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        decided = {row[0]: (row[4], row[1], row[2]) for row in reader}
    scores = Scores()
    for (tid, t_loc, t_prov, level, case), g in zip(
        read_truth(truth), record_groups(reg_path, members, truth), strict=True
    ):
        decision, loc, prov = decided.get(tid, ("none", "", ""))
        scores.add(decision, loc, prov, t_loc, t_prov, level, case, g)
    from commonground.linkage.parallel import default_workers

    n = workers if workers is not None else default_workers()
    res = result(f"`commonground match` ({n} workers)", scores, total)
    res["cpu_s"] = cpu
    res["peak_mb"] = use.ru_maxrss / 1024  # the largest single process of the tree
    res["pss_peak_mb"] = pss.peak_mb
    res["note"] = "end to end, measured from outside; peak MB (RSS) is its largest process"
    return [res]


def run_splink(reg_path: Path, members: Path, truth: Path) -> list[Result]:
    """One Splink model, two decision thresholds (both chosen on the tuning seed)."""
    from bench.linkage import splink_baseline as sb

    t0 = time.perf_counter()
    with PeakPss() as pss:
        best, timings = sb.best_matches(reg_path, members)
    total = time.perf_counter() - t0
    out = []
    for label, threshold in (
        ("best F1", sb.AUTO_PROBABILITY_F1),
        ("precision >= 0.99", sb.AUTO_PROBABILITY),
    ):
        decisions = sb.decide(best, threshold)
        scores = Scores()
        for (tid, t_loc, t_prov, level, case), g in zip(
            read_truth(truth), record_groups(reg_path, members, truth), strict=True
        ):
            decision, loc, prov = decisions.get(tid, ("none", "", ""))
            scores.add(decision, loc, prov, t_loc, t_prov, level, case, g)
        name = f"Splink {sb.splink_version()}, p >= {threshold} ({label})"
        note = ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
        res = result(name, scores, total, note=note)
        res["pss_peak_mb"] = pss.peak_mb
        out.append(res)
    return out


# -- how hard the data is --------------------------------------------------------------------


# The kinds of record reported apart (docs/benchmarks.md, "Linkage": per case).
GROUPS = {
    "identifiable": "identifiable (not ambiguous by construction)",
    "full_one": "full postcode that one location holds (its own)",
    "home_pc": "member's home postcode in the postcode column",
    "exact_unique": "exact unique name, no postcode",
    "typo_blank": "misspelt name, no postcode",
    "chain": "home registered again (succession chain)",
    "pc_in_workplace": "postcode written into the workplace field",
    "outside": "works outside the register",
}


def record_groups(reg_path: Path, members: Path, truth: Path) -> list[tuple[str, ...]]:
    """For each record, the kinds of record (keys of :data:`GROUPS`) it is one of."""
    from commonground.lib.postcodes import parse_postcode
    from commonground.linkage.normalise import alias_key

    regrows = read_register(reg_path)
    core_count = Counter(alias_key(r["name"]) for r in regrows)
    at_full: Counter[str] = Counter()
    for r in regrows:
        pc = parse_postcode(r["postcode"])
        if pc is not None and pc.full is not None:
            at_full[pc.full] += 1
    names = {r["location_id"]: alias_key(r["name"]) for r in regrows}
    flags = ambiguous_records(reg_path, members, truth)
    out: list[tuple[str, ...]] = []
    with members.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row, (_tid, t_loc, _tp, level, case), amb in zip(
            reader, read_truth(truth), flags, strict=True
        ):
            if level == "none":
                out.append(("outside",))
                continue
            variant, _, kind = case.partition("/")
            chain = variant.startswith("chain_")
            variant = variant.removeprefix("chain_")
            g: list[str] = [] if amb else ["identifiable"]
            pc = parse_postcode(row[3])
            if kind == "full" and pc is not None and pc.full and at_full[pc.full] == 1:
                g.append("full_one")
            if kind == "home":
                g.append("home_pc")
            if (
                variant == "exact"
                and kind == "blank"
                and core_count[names.get(t_loc, "")] == 1
                and alias_key(row[2]) == names.get(t_loc)
            ):
                g.append("exact_unique")
            if variant == "typo" and kind == "blank":
                g.append("typo_blank")
            if chain:
                g.append("chain")
            if variant == "pc_in_workplace":
                g.append("pc_in_workplace")
            out.append(tuple(g))
    return out


def ambiguity(reg_path: Path, members: Path, truth: Path) -> float:
    """Share of location-level records no method can resolve from the record alone
    (:func:`ambiguous_records`)."""
    flags = ambiguous_records(reg_path, members, truth)
    levels = [t[3] for t in read_truth(truth)]
    total = sum(1 for lv in levels if lv == "location")
    amb = sum(1 for f, lv in zip(flags, levels, strict=True) if f and lv == "location")
    return amb / total if total else 0.0


def ambiguous_records(reg_path: Path, members: Path, truth: Path) -> list[bool]:
    """Whether each record is one no method can resolve from the record alone.

    A location-level record is ambiguous when another register location bears exactly the same
    normalised name (current or previous) and the record's postcode fits that other
    location at least as well as the true one (full, sector, district, area or not at
    all: a missing postcode, or one in a part of the country where neither is, fits
    both equally).
    """
    from commonground.lib.postcodes import Postcode, parse_postcode
    from commonground.linkage.normalise import alias_key

    by_core: dict[str, set[str]] = defaultdict(set)
    info: dict[str, tuple[set[str], Postcode | None]] = {}
    for r in read_register(reg_path):
        cores = {alias_key(n) for n in [r["name"], *r["previous_names"].split("|")] if n}
        for c in cores:
            by_core[c].add(r["location_id"])
        info[r["location_id"]] = (cores, parse_postcode(r["postcode"]))

    def fit(pc: Postcode | None, lpc: Postcode | None) -> int:
        if pc is None or lpc is None:
            return 0
        if pc.full is not None and pc.full == lpc.full:
            return 4
        if pc.sector is not None and pc.sector == lpc.sector:
            return 3
        if pc.district == lpc.district:
            return 2
        return 1 if _area(pc.district) == _area(lpc.district) else 0

    # Registrations of one home (the same name at the same full postcode) are one
    # workplace, not namesakes: the current one is the answer (README.md).
    def same_home(a: str, b: str) -> bool:
        return info[a][1] is not None and info[a][1] == info[b][1]

    out: list[bool] = []
    with members.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row, (_tid, t_loc, _tp, level, _case) in zip(reader, read_truth(truth), strict=True):
            if level != "location":
                out.append(False)
                continue
            cores, lpc = info[t_loc]
            pc = parse_postcode(row[3])
            own = fit(pc, lpc)
            others = {
                o for o in set().union(*(by_core[c] for c in cores)) if not same_home(o, t_loc)
            }
            out.append(any(fit(pc, info[o][1]) >= own for o in others - {t_loc}))
    return out


def _area(district: str) -> str:
    """The letters of a postcode district ("OL" of "OL8")."""
    m = re.match(r"[A-Z]+", district)
    return m.group(0) if m else ""


# -- orchestration ---------------------------------------------------------------------------


def subprocess_run(
    kind: str,
    reg: Path,
    members: Path,
    truth: Path,
    python: str = sys.executable,
    workers: int | None = None,
) -> list[Result]:
    cmd = [python, "-m", "bench.linkage.run", "--worker", kind]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    cmd += ["--register", str(reg), "--members", str(members), "--truth", str(truth)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT, env=env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"{kind} worker failed")
    out: list[Result] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def _group(r: Result, key: str) -> dict[str, float]:
    groups = r.get("groups") or {}
    assert isinstance(groups, dict)
    found: dict[str, float] = groups.get(key, {})
    return found


def table(rows: list[tuple[str, Result]]) -> str:
    header = (
        "| size | system | precision (auto) | recall | recall (identifiable) | F1 | review rate "
        "| outside linked | wrong auto links | time (s) | CPU (s) | records/s "
        "| peak MB (RSS sum) | peak MB (PSS) |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, r in rows:
        ident = _group(r, "identifiable").get("recall", 0.0)
        outside = _group(r, "outside")
        lines.append(
            f"| {label} | {r['system']} | {r['precision']:.4f} | {r['recall']:.4f} "
            f"| {ident:.4f} | {r['f1']:.4f} | {r['review_rate']:.2%} "
            f"| {outside.get('linked_rate', 0.0):.2%} ({r['fp_none']:,}) | {r['fp']:,} "
            f"| {r['total_s']:.1f} | {r['cpu_s']:.1f} | {r['throughput']:,.0f} "
            f"| {r['peak_mb']:,.0f} | {float(str(r.get('pss_peak_mb', 0.0))):,.0f} |"
        )
    return "\n".join(lines)


def case_table(rows: list[tuple[str, Result]]) -> str:
    """Precision and recall by kind of record, each system side by side."""
    systems = [(label, r) for label, r in rows]
    head = "| size | kind of record | records |"
    rule = "|---|---|---|"
    for _label, r in systems[: len({str(r["system"]) for _l, r in systems})]:
        head += f" {r['system']}: precision / recall |"
        rule += "---|"
    lines = [head, rule]
    for label in dict.fromkeys(lab for lab, _r in rows):
        here = [r for lab, r in rows if lab == label]
        for key, title in GROUPS.items():
            first = _group(here[0], key)
            if not first:
                continue
            cells = []
            for r in here:
                g = _group(r, key)
                if key == "outside":
                    cells.append(f"linked {g.get('linked_rate', 0.0):.2%}")
                else:
                    cells.append(f"{g.get('precision', 0.0):.4f} / {g.get('recall', 0.0):.4f}")
            lines.append(
                f"| {label} | {title} | {int(first['records']):,} | " + " | ".join(cells) + " |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Linkage bench: engine vs Splink")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument(
        "--splink-max",
        type=int,
        default=SPLINK_MAX_DEFAULT,
        help="largest size Splink runs at (default 100k)",
    )
    ap.add_argument(
        "--splink-python",
        default=str(SPLINK_VENV_PYTHON) if SPLINK_VENV_PYTHON.exists() else sys.executable,
        help="interpreter with Splink installed (default: bench/out/splink-venv if present)",
    )
    ap.add_argument(
        "--workers",
        type=int,
        default=None,
        help="engine processes (default: as `commonground match`, the cores up to 2)",
    )
    ap.add_argument(
        "--in-process",
        action="store_true",
        help="also run the engine inside the bench (as before `commonground match` was "
        "measured itself): its CPU by process, --workers 1 for one process",
    )
    ap.add_argument("--breakdown", action="store_true", help="print errors and misses by case")
    ap.add_argument("--worker", choices=["engine", "splink"], help=argparse.SUPPRESS)
    ap.add_argument("--register", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--members", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--truth", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        if args.worker == "engine":
            res = run_engine(args.register, args.members, args.truth, workers=args.workers)
        else:
            res = run_splink(args.register, args.members, args.truth)
        print(json.dumps(res))
        return

    load_start = os.getloadavg()[0]
    given = argv if argv is not None else sys.argv[1:]
    command = " ".join(["python -m bench.linkage.run", *given])
    rows: list[tuple[str, Result]] = []
    skipped: list[str] = []
    ceiling: float | None = None
    for label, n in generate.parse_sizes(args.sizes):
        reg, members, truth = ensure_data(args.out, args.seed, label, n)
        if ceiling is None:
            ceiling = ambiguity(reg, members, truth)
        print(f"[{label}] commonground match ...", file=sys.stderr, flush=True)
        rows += [(label, r) for r in run_match(args.out, reg, members, truth, args.workers)]
        if args.in_process:
            print(f"[{label}] engine in process ...", file=sys.stderr, flush=True)
            rows += [
                (label, r)
                for r in subprocess_run("engine", reg, members, truth, workers=args.workers)
            ]
        if args.no_splink:
            continue
        if n > args.splink_max:
            skipped.append(label)
            continue
        print(f"[{label}] splink ...", file=sys.stderr, flush=True)
        rows += [
            (label, r)
            for r in subprocess_run("splink", reg, members, truth, python=args.splink_python)
        ]

    print(f"\nCommand: `{command}`  ")
    print(
        f"Load average (1 min): {load_start:.2f} at the start, {os.getloadavg()[0]:.2f} at the end  "
    )
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; seed {args.seed}\n"
    )
    print(table(rows))
    print("\nBy kind of record (precision of auto links / recall; for people outside the")
    print("register, the share linked to a home):\n")
    print(case_table(rows))
    if ceiling is not None:
        print(
            f"\nAmbiguous by construction: {ceiling:.1%} of location-level records name a "
            "home whose exact name another home shares, with no postcode that tells them "
            "apart (no method can resolve them from the record)."
        )
    for label, r in rows:
        if r.get("note"):
            print(f"\n{label} {r['system']}: {r['note']}")
    if skipped:
        print(
            f"\nSplink not run at {', '.join(skipped)}: above --splink-max="
            f"{args.splink_max:,} (minutes and GBs per run at 1M on 2 cores; raise "
            "--splink-max to try)."
        )
    for label, r in rows:
        if not str(r["system"]).startswith("`commonground match`"):
            continue
        print(
            f"\n{label}: `commonground match` end to end: {r['total_s']:.1f} s wall, "
            f"{r['cpu_s']:.1f} CPU s, peak {float(str(r['pss_peak_mb'])):,.0f} MB PSS "
            f"(target <= {MATCH_PEAK_MB} MB: "
            f"{'met' if float(str(r['pss_peak_mb'])) <= MATCH_PEAK_MB else 'NOT met'})"
        )
        for s in (x for lab, x in rows if lab == label and str(x["system"]).startswith("Splink")):
            f1 = float(str(r["f1"])) / max(float(str(s["f1"])), 1e-9)
            wall, other = float(str(r["total_s"])), float(str(s["total_s"]))
            print(
                f"{label}: match / {s['system']}: F1 x{f1:.2f}; wall {wall:.1f} s against "
                f"{other:.1f} s ({'no slower' if wall <= other else 'SLOWER'}), "
                f"CPU {r['cpu_s']:.1f} s against {s['cpu_s']:.1f} s, "
                f"peak {float(str(s['pss_peak_mb'])):,.0f} MB PSS for Splink"
            )
    if args.breakdown:
        for label, r in rows:
            print(
                f"\n{label} {r['system']} wrong auto links ({r['fp_none']} of {r['fp']} for "
                f"people outside the register) by case: {r['errors']}"
            )
            print(f"{label} {r['system']} misses by case: {r['misses']}")


if __name__ == "__main__":
    main()
