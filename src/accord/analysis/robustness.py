"""How sure is the advice, given what the proposal leaves unknown: `accord.robustness()`.

Every fact the proposal leaves unknown is drawn (accord.analysis.priors), every drawn world is
assessed (accord.analysis.worlds), and the result counts the share of worlds for each call and
each risk, and measures how much each unknown drives the spread of the call
(accord.analysis.robust_result). Worlds are split in chunks of CHUNK and run in this process,
in local worker processes (jobs), or on a dask.distributed cluster (scheduler); the counts are
the same whichever runs them, so the output is the same bytes for the same seed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from accord.analysis.priors import Prior, plan_priors, read_priors
from accord.analysis.robust_result import Robustness, summarise
from accord.analysis.workers import start_worker
from accord.analysis.worlds import Plan, Tally, evaluate, run_chunk
from accord.engine import get_engine
from accord.engine.explain import origins
from accord.errors import LimitError, UsageError
from accord.inputs.proposal import Proposal
from accord.kb.model import KnowledgeBase

MAX_SAMPLES = 100_000  # more needs force=True (--force): a run that size takes minutes
CHUNK = 250  # worlds per task given to a worker
WINDOW = 2  # chunks queued per local worker
CONNECT_SECONDS = 10  # to reach a Dask scheduler before giving up


def robustness(
    proposal: Proposal | Path | str,
    kb: KnowledgeBase,
    samples: int = 1000,
    *,
    seed: int = 0,
    priors: Path | str | Mapping[str, Prior] | None = None,
    engine: str = "auto",
    jobs: int = 1,
    scheduler: str | Any | None = None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Robustness:
    """Assess `samples` worlds that fill the proposal's unknown facts; count calls and risks.

    proposal: from accord.load_proposal / proposal_from_dict (with survey facts applied, if
    any: those are known and not drawn), or the path of a proposal file; kb: from accord.load_kb. samples: worlds to draw, 1 to
    MAX_SAMPLES (100,000; more with force=True); with no unknown fact there is one world.
    seed: any integer; same seed, same worlds, same result. priors: a priors file (format in
    accord.analysis.priors) or fact -> Prior; None draws every unknown uniformly. engine:
    "auto", "durable" or "reference". jobs: local worker processes (1: this process).
    scheduler: a dask.distributed scheduler address ("tcp://host:8786") or Client; needs
    `pip install 'accord[dask]'` and the same Accord and knowledge-base folder on every worker.
    progress: called with the number of worlds done after each chunk.

    Returns a Robustness: shares of worlds per call level and per risk (by likelihood), and
    the unknowns that drive the spread of the call (mutual information, in bits). Raises
    UsageError (bad samples, jobs, engine, priors file, no dask), LimitError (samples over
    MAX_SAMPLES without force), InputFileError (unreadable priors or proposal file),
    ProposalError (a bad proposal file), EngineError (a bug).
    """
    if isinstance(proposal, (str, Path)):
        from accord.inputs.proposal import load_proposal

        proposal = load_proposal(proposal, kb)
    plan, ignored = make_plan(proposal, kb, seed, priors, engine)
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise UsageError(f"samples must be a whole number of 1 or more, not {samples!r}")
    if samples > MAX_SAMPLES and not force:
        raise LimitError(
            f"{samples:,} samples is over the limit of {MAX_SAMPLES:,}; give --force "
            "(force=True) to run that many anyway"
        )
    if jobs < 1:
        raise UsageError(f"jobs must be 1 or more, not {jobs}")
    worlds = samples if plan.priors else 1
    chunks = [(s, min(s + CHUNK, worlds)) for s in range(0, worlds, CHUNK)]
    if scheduler is not None:
        tally = _on_dask(plan, chunks, scheduler, progress)
    elif jobs > 1 and len(chunks) > 1:
        tally = _in_processes(plan, chunks, jobs, progress)
    else:
        eng = get_engine(kb, engine)
        tally = Counter()
        for start, stop in chunks:
            tally.update(evaluate(kb, eng, plan, start, stop))
            if progress:
                progress(stop)
    return summarise(proposal, kb, plan, tally, worlds, ignored)


def make_plan(
    proposal: Proposal,
    kb: KnowledgeBase,
    seed: int,
    priors: Path | str | Mapping[str, Prior] | None,
    engine: str,
) -> tuple[Plan, tuple[str, ...]]:
    """The plan of a run, and the facts that have a prior but are stated (priors not used)."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise UsageError(f"seed must be a whole number, not {seed!r}")
    get_engine(kb, engine)  # an unknown or unavailable engine fails here, before any work
    given = proposal.fact_map()
    table = read_priors(priors, kb) if isinstance(priors, (str, Path)) else dict(priors or {})
    unknown = [name for name in kb.facts if name not in given]
    ignored = tuple(sorted(f for f in table if f in given))
    plan = Plan(
        kb_root=kb.root,
        kb_hash=kb.content_hash,
        engine=engine,
        stated=proposal.facts,
        origins=tuple(sorted(origins(proposal).items())),
        priors=plan_priors(kb, unknown, table),
        seed=seed,
    )
    return plan, ignored


def _in_processes(
    plan: Plan, chunks: list[tuple[int, int]], jobs: int, progress: Callable[[int], None] | None
) -> Tally:
    """Run chunks on local worker processes, at most WINDOW per worker queued at a time (so
    Ctrl-C stops within a chunk or two, and memory does not grow with the samples)."""
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    if not plan.kb_root:
        raise UsageError("jobs above 1 need a knowledge base loaded from a folder")
    tally: Tally = Counter()
    todo = iter(chunks)
    running: set[Future[Tally]] = set()
    done = 0
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=start_worker)
    try:
        while True:
            for a, b in todo:
                running.add(pool.submit(run_chunk, plan, a, b))
                if len(running) >= jobs * WINDOW:
                    break
            if not running:
                break
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                done += _add(tally, fut.result())
            if progress:
                progress(done)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return tally


def _on_dask(
    plan: Plan,
    chunks: list[tuple[int, int]],
    scheduler: str | Any,
    progress: Callable[[int], None] | None,
) -> Tally:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError(
            "--scheduler needs Dask: pip install 'accord[dask]' (dask.distributed)"
        ) from None
    if not plan.kb_root:
        raise UsageError("a Dask run needs a knowledge base loaded from a folder")
    own = not isinstance(scheduler, Client)
    try:
        client: Any = Client(scheduler, timeout=CONNECT_SECONDS) if own else scheduler
    except (OSError, TimeoutError, ValueError) as exc:  # ValueError: a malformed address
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    tally: Tally = Counter()
    futures: list[Any] = []
    try:
        futures = client.map(
            run_chunk, [plan] * len(chunks), [a for a, _ in chunks], [b for _, b in chunks]
        )
        done = 0
        for fut in as_completed(futures):
            done += _add(tally, fut.result())
            if progress:
                progress(done)
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        if own:
            client.close()
    return tally


def _add(tally: Tally, part: Tally) -> int:
    """Add a finished chunk's counts to tally; return how many worlds the chunk assessed."""
    tally.update(part)
    return sum(v for k, v in part.items() if k[0] == "level")
