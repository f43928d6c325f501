"""What-if runs and batches: variants of a base scenario, solved in parallel and compared.

Typical use::

    base, _ = load_scenario("scenarios/demo-week")
    variants = prepare_variants(base, Path("scenarios/demo-week/variants.toml"))
    rows = run_whatif(Prepared("base", base), variants, Path("out"), RunOptions(time_limit=10))
"""

from planner.whatif.apply import Applied, apply_variant
from planner.whatif.changes import Variant
from planner.whatif.compare import ComparisonRow, compare_row
from planner.whatif.errors import VariantProblem, VariantsError
from planner.whatif.pipeline import (
    Prepared,
    RunOptions,
    prepare_batch,
    prepare_variants,
    run_batch,
    run_whatif,
)
from planner.whatif.render import write_comparison
from planner.whatif.runner import DaskBackend, Job, LocalBackend, Outcome, run_jobs, solve_job
from planner.whatif.variants import parse_variants, read_variants

__all__ = [
    "Applied",
    "ComparisonRow",
    "DaskBackend",
    "Job",
    "LocalBackend",
    "Outcome",
    "Prepared",
    "RunOptions",
    "Variant",
    "VariantProblem",
    "VariantsError",
    "apply_variant",
    "compare_row",
    "parse_variants",
    "prepare_batch",
    "prepare_variants",
    "read_variants",
    "run_batch",
    "run_jobs",
    "run_whatif",
    "solve_job",
    "write_comparison",
]
