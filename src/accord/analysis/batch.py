"""`accord batch`: assess many proposals into JSON lines, in parallel, resumably.

Input: a folder (every *.yaml and *.yml file directly in it, sorted by name; the id is the
file name) or a .jsonl file (one proposal object per line, shaped like a proposal file, with
an "id" text that is unique in the file). Output: one JSON object per line and proposal, in
input order (a resumed run appends after what was there): a result record
(accord.analysis.batch_records.result_record) or an error record
(accord.analysis.batch_records.error_record); an error never stops the run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.analysis.batch_out import Appender, finished_ids
from accord.analysis.batch_records import Item, evaluate_item, item_hash
from accord.analysis.workers import start_worker
from accord.engine import Engine, get_engine
from accord.errors import UsageError
from accord.kb.load import load_kb
from accord.kb.model import KnowledgeBase
from accord.kb.yamllimits import MAX_BYTES

CHUNK = 32  # proposals per task given to a worker process
WINDOW = 4  # tasks in flight per worker: keeps memory flat on inputs of any size
MAX_LINE = MAX_BYTES  # bytes of one .jsonl line: the size limit of a proposal file


@dataclass
class Summary:
    """What a batch run did: records written by outcome, and proposals skipped as done."""

    written: int = 0
    skipped: int = 0
    errors: int = 0
    levels: Counter[str] | None = None
    dropped_bytes: int = 0  # a partial last line cut off the output before resuming


def items(source: Path) -> Iterator[Item]:
    """The proposals of a folder or a .jsonl file, in order, with their ids (streamed).

    Raises UsageError at once when source is neither a folder nor a .jsonl file; whatever is
    wrong with a single proposal goes to its error record.
    """
    if source.is_dir():
        names = sorted(p for p in source.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        return iter([Item(p.name, p.name, str(p), None, None) for p in names])
    if source.suffix != ".jsonl" or not source.is_file():
        raise UsageError(
            f"{source}: give a folder of proposal files or a .jsonl file of proposals",
        )
    return _jsonl_items(source)


def _jsonl_items(source: Path) -> Iterator[Item]:
    seen: set[str] = set()
    for n, text, problem in _lines(source):
        where = f"{source.name}:{n}"
        if problem is not None:
            yield Item(where, where, str(source), n, "", problem=problem)
            continue
        if not text.strip():
            continue
        ident = _line_id(text)
        if ident is None or ident in seen:
            yield Item(where, where, str(source), n, text, ident is not None)
            continue
        seen.add(ident)
        yield Item(ident, where, str(source), n, text)


def _lines(source: Path) -> Iterator[tuple[int, str, str | None]]:
    """(line number, text, problem) of each line; a line over MAX_LINE bytes is not read
    whole (problem says so), nor one that is not UTF-8."""
    with open(source, "rb") as fh:
        n = 0
        while raw := fh.readline(MAX_LINE + 1):
            n += 1
            if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                    raw = fh.readline(MAX_LINE)
                yield n, "", f"the line is longer than {MAX_LINE:,} bytes (the limit of a proposal)"
                continue
            try:
                yield n, raw.decode("utf-8"), None
            except UnicodeDecodeError:
                yield n, "", "the line is not UTF-8 text"


def _line_id(text: str) -> str | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) and ident.strip() else None


_worker: tuple[KnowledgeBase, Engine] | None = None
_inherited: KnowledgeBase | None = None  # the parent's, which a forked worker already holds


def _init_worker(kb_root: str, kb_hash: str, engine: str) -> None:
    """A worker process gets the knowledge base and engine once; Ctrl-C is the parent's.

    A forked worker (Linux) uses the parent's knowledge base as it inherited it; a spawned
    one (macOS, Windows) loads it from kb_root.
    """
    global _worker
    start_worker()
    kb = _inherited
    if kb is None or kb.content_hash != kb_hash:
        kb = load_kb(kb_root, cases=False)
    _worker = (kb, get_engine(kb, engine))


def _work(chunk: list[Item]) -> list[dict[str, Any]]:
    assert _worker is not None, "worker not initialised"
    kb, eng = _worker
    return [evaluate_item(item, kb, eng) for item in chunk]


def _chunks(todo: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in todo:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(
    source: Path,
    output: Path,
    kb: KnowledgeBase,
    engine: str = "auto",
    *,
    jobs: int = 1,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> Summary:
    """Assess every proposal of source into output (JSON lines), skipping those already there.

    source: a folder or a .jsonl file (module description); output: the JSON-lines file,
    created or appended to; kb: the knowledge base (workers load it again from kb.root);
    engine: "auto", "durable" or "reference"; jobs: worker processes (1: this process);
    progress: called with each record written (and {"skipped": id} for each one skipped).
    Returns a Summary. Raises UsageError (bad source, output not a batch file, jobs < 1).
    On KeyboardInterrupt every record finished so far is in the file, whole; run again to go on.
    """
    if jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {jobs}")
    get_engine(kb, engine)  # an unknown or unavailable engine fails before any work
    proposals = items(source)  # a bad source fails here, before the output is touched
    done, dropped = finished_ids(output)
    if done:
        _refuse_stale(output, source, done, kb)
    summary = Summary(levels=Counter(), dropped_bytes=dropped)
    todo = _pending(proposals, done, summary, progress)
    with Appender(output) as out:

        def emit(rec: dict[str, Any]) -> None:
            out.write(rec)
            summary.written += 1
            if rec.get("ok"):
                summary.levels[str(rec["level"])] += 1  # type: ignore[index]
            else:
                summary.errors += 1
            if progress:
                progress(rec)

        if jobs == 1:
            eng = get_engine(kb, engine)
            for item in todo:
                emit(evaluate_item(item, kb, eng))
        else:
            _parallel(todo, kb, engine, jobs, emit)
    return summary


def _refuse_stale(
    output: Path, source: Path, done: dict[str, tuple[str, str]], kb: KnowledgeBase
) -> None:
    """Raise UsageError when resuming would mix results: output holds records made with another
    knowledge base, or for proposals that have changed since (their item_hash differs)."""
    here = f"{kb.name} {kb.version}"
    other = sorted({made for _, made in done.values() if made and made != here})
    if other:
        raise UsageError(
            f"{output} holds results of another knowledge base ({', '.join(other)}; this run "
            f"uses {here}); write to a new -o file, or delete it to start again"
        )
    changed = [
        item.id
        for item in items(source)
        if item.id in done and done[item.id][0] and done[item.id][0] != item_hash(item)
    ]
    if changed:
        shown = ", ".join(changed[:5]) + (
            f" and {len(changed) - 5} more" if len(changed) > 5 else ""
        )
        raise UsageError(
            f"{output} holds results for proposals that have changed since ({shown}); "
            "write to a new -o file, or delete it to start again"
        )


def _pending(
    all_items: Iterator[Item],
    done: Mapping[str, object],
    summary: Summary,
    progress: Callable[[dict[str, Any]], None] | None,
) -> Iterator[Item]:
    for item in all_items:
        if item.id in done:
            summary.skipped += 1
            if progress:
                progress({"skipped": item.id})
            continue
        yield item


def _parallel(
    todo: Iterator[Item],
    kb: KnowledgeBase,
    engine: str,
    jobs: int,
    emit: Callable[[dict[str, Any]], None],
) -> None:
    """Run chunks in worker processes; write their records in input order as they finish."""
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    if not kb.root:
        raise UsageError("--jobs above 1 needs a knowledge base loaded from a folder")
    global _inherited
    _inherited = kb
    pool = ProcessPoolExecutor(
        jobs, initializer=_init_worker, initargs=(kb.root, kb.content_hash, engine)
    )
    pending: deque[Future[list[dict[str, Any]]]] = deque()
    try:
        for chunk in _chunks(todo, CHUNK):
            pending.append(pool.submit(_work, chunk))
            while len(pending) >= jobs * WINDOW:
                for rec in pending.popleft().result():
                    emit(rec)
        while pending:
            for rec in pending.popleft().result():
                emit(rec)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
