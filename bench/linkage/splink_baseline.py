"""Splink baseline for the linkage bench (bench-only dependency: ``pip install splink``).

Configured as Splink's documentation advises for a link-only job, on the DuckDB backend
with its own connection:

- both sides cleaned the same way before linking. Names use the engine's sector
  normalisation (``alias_key``: case, punctuation, legal suffixes, care-home type words),
  so the comparison is between the matching methods, not the cleaning;
- blocking rules (OR-ed) on exact postcode, exact name, postcode district + first name
  token, and the rarest name token;
- comparisons: name (exact with term-frequency adjustment, Levenshtein <= 2, Jaro-Winkler
  at 0.92 / 0.85 / 0.75), name-token overlap (array intersect of 2 / 1), postcode (Splink's
  postcode comparison: full / sector / district / area), town hint (exact);
- lambda from deterministic rules, u by random sampling, m by EM on two blocking rules
  (postcode, then name) so that every comparison is trained;
- each member takes its best-scoring register row: auto at or above a match probability
  threshold, review from ``REVIEW_PROBABILITY``, else none. Two thresholds are reported,
  both chosen on the tuning seed: the best-F1 one and the lowest reaching precision 0.99.

Register previous names become extra rows of the same location; each provider with
several homes becomes a row too, so Splink can make a provider-only link as the engine
can.
"""

from __future__ import annotations

import csv
import logging
import math
import time
from collections import Counter
from pathlib import Path
from typing import Any

from commonground.lib.postcodes import parse_postcode
from commonground.linkage.normalise import alias_key, parse_name

# Chosen on the tuning seed (bench/linkage/README.md): the threshold with the best F1, and
# the lowest one whose auto links reach the engine's precision target of 0.99.
AUTO_PROBABILITY_F1 = 0.5
AUTO_PROBABILITY = 0.997
REVIEW_PROBABILITY = 0.5
U_MAX_PAIRS = 1e7

_RESULT_SQL = """
with pairs as (
    select
        case when source_dataset_l = 'members' then unique_id_l else unique_id_r end
            as member,
        case when source_dataset_l = 'members' then unique_id_r else unique_id_l end
            as reg,
        match_probability as p,
        match_weight as w
    from {table}
), ranked as (
    select *, row_number() over (partition by member order by w desc, reg) as rk
    from pairs
)
select member, reg, p from ranked where rk = 1
"""


def splink_version() -> str:
    import splink

    return str(splink.__version__)


def _postcode_fields(text: str | None) -> tuple[str | None, str | None]:
    """(postcode as far as given, district) in Splink's postcode format."""
    pc = parse_postcode(text)
    if pc is None:
        return None, None
    return pc.full or pc.sector or pc.district, pc.district


def _rows(reg_path: Path, members_path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    register: list[dict[str, Any]] = []
    provider_locs: Counter[str] = Counter()
    provider_names: dict[str, str] = {}
    with reg_path.open(newline="", encoding="utf-8") as f:
        reg = list(csv.DictReader(f))
    for r in reg:
        if r["provider_id"]:
            provider_locs[r["provider_id"]] += 1
            if r["provider_name"]:
                provider_names[r["provider_id"]] = r["provider_name"]
    for r in reg:
        pc, district = _postcode_fields(r["postcode"])
        town = " ".join(parse_name(r["town"]).tokens) or None
        names = [r["name"], *(n for n in r["previous_names"].split("|") if n)]
        for k, name in enumerate(dict.fromkeys(names)):
            register.append(_row(f"L|{r['location_id']}|{k}", name, pc, district, town, "register"))
    for pid, n in provider_locs.items():
        if n > 1 and pid in provider_names:
            register.append(_row(f"P|{pid}", provider_names[pid], None, None, None, "register"))
    # Rarest token per row, by document frequency over the register's names.
    df: Counter[str] = Counter(t for row in register for t in set(row["name_tokens"]))
    members: list[dict[str, Any]] = []
    with members_path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for mid, employer, workplace, postcode, _job in reader:
            pc, district = _postcode_fields(postcode)
            text = workplace if alias_key(workplace) else employer
            town = parse_name(text).town
            members.append(_row(mid, text, pc, district, town, "members"))
    for row in register + members:
        toks = row["name_tokens"]
        row["rare_tok"] = min(toks, key=lambda t: (df.get(t, 0), t)) if toks else None
        row["tok1"] = toks[0] if toks else None
    return register, members


def _row(
    uid: str,
    name: str,
    pc: str | None,
    district: str | None,
    town: str | None,
    source: str,
) -> dict[str, Any]:
    core = alias_key(name)
    return {
        "unique_id": uid,
        "source_dataset": source,
        "name": core or None,
        "name_tokens": core.split() if core else [],
        "postcode": pc,
        "pc_district": district,
        "town": town,
    }


def _settings() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name"),
            cll.ExactMatchLevel("name", term_frequency_adjustments=True),
            cll.LevenshteinLevel("name", 2),
            cll.JaroWinklerLevel("name", 0.92),
            cll.JaroWinklerLevel("name", 0.85),
            cll.JaroWinklerLevel("name", 0.75),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("postcode"),
            block_on("name"),
            block_on("pc_district", "tok1"),
            block_on("rare_tok"),
        ],
        comparisons=[
            name,
            cl.ArrayIntersectAtSizes("name_tokens", [2, 1]),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("town"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def link(
    reg_path: Path, members_path: Path, *, auto: float = AUTO_PROBABILITY
) -> tuple[dict[str, tuple[str, str, str]], dict[str, float]]:
    """Link the members file to the register: member id -> (decision, location, provider)."""
    best, timings = best_matches(reg_path, members_path)
    return decide(best, auto), timings


def decide(
    best: list[tuple[str, str, float]], auto: float = AUTO_PROBABILITY
) -> dict[str, tuple[str, str, str]]:
    """Each member's best register row as a decision, by match probability."""
    out: dict[str, tuple[str, str, str]] = {}
    for member, reg, p in best:
        if p is None or math.isnan(p) or p < REVIEW_PROBABILITY:
            continue
        kind, ident = reg.split("|")[:2]
        if p < auto:
            out[member] = ("review", "", "")
        elif kind == "P":
            out[member] = ("auto", "", ident)
        else:
            out[member] = ("auto", ident, "")
    return out


def best_matches(
    reg_path: Path, members_path: Path
) -> tuple[list[tuple[str, str, float]], dict[str, float]]:
    """Train Splink and return each member's best register row with its probability."""
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    register, members = _rows(reg_path, members_path)
    timings["prepare_s"] = time.perf_counter() - t0

    # Splink wants its own connection; with DuckDB 2 its string comparisons use the
    # single-arrow lambda syntax, which must be switched back on.
    con = duckdb.connect()
    if int(duckdb.__version__.split(".")[0]) >= 2:
        con.execute("SET lambda_syntax='ENABLE_SINGLE_ARROW'")
    db_api = DuckDBAPI(connection=con)
    df_reg = db_api.register(pa.Table.from_pylist(register), dataset_display_name="register")
    df_mem = db_api.register(pa.Table.from_pylist(members), dataset_display_name="members")
    del register, members

    t1 = time.perf_counter()
    linker = Linker([df_reg, df_mem], _settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name", "postcode")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name"))
    timings["train_s"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    pred = linker.inference.predict(threshold_match_probability=0.01)
    best = con.execute(_RESULT_SQL.format(table=pred.physical_name)).fetchall()
    timings["predict_s"] = time.perf_counter() - t2

    con.close()
    return [(str(m), str(r), float(p)) for m, r, p in best], timings
