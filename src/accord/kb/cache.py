"""The validated knowledge base, cached on disk under its content hash, so commands start fast.

Reading and checking the YAML of rules/ takes tens of milliseconds on every run; loading the
checked result from this cache takes a few. The cache never changes an answer: an entry is
used only when it was written for exactly the same knowledge base, read the same way, by the
same Accord on the same Python, and when it proves it was written by this user's Accord.

Where: the folder $ACCORD_CACHE_DIR, else $XDG_CACHE_HOME/accord, else ~/.cache/accord.
Made with mode 0700 when missing. Bypass with ACCORD_NO_CACHE=1 (any value but 0 or empty),
the `--no-cache` option of any command that takes `--kb`, or set_enabled(False).

Key (entry_key): SHA-256 of the knowledge base's content hash (every YAML file's relative path
and bytes, kb.load.content_hash), the folder as given and resolved, whether the cases were
read, accord.__version__, the Python version and implementation, and the size and
modification time of each module that builds a knowledge base (accord/kb/*.py and
accord/errors.py: a development checkout changes them without changing the version).

Format: pickle, authenticated. An entry is MAGIC, then HMAC-SHA256(secret, key + payload),
then the pickled KnowledgeBase. The secret is 32 random bytes in the file `secret` beside the
entries, mode 0600, made on first use. Pickle was chosen over a plain-data format because a
knowledge base is a graph of some twenty record types that pickle rebuilds in about 3 ms with no
converter to keep in step with kb/model.py; since unpickling can run code, nothing is unpickled
before its HMAC checks, and the folder and the secret are trusted only when they belong to this
user and no one else may write to the folder or read the secret. An entry that is missing,
truncated, corrupt, for another key, signed with another secret (copied from another machine
or user) or not a KnowledgeBase is ignored: the knowledge base is read from its YAML and the
entry written again. Writes go to a temporary file renamed into place (atomic); a cache that
cannot be written (read-only or full disk) is skipped without a word, and the oldest entries
past KEEP are removed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from accord._version import __version__

if TYPE_CHECKING:
    from accord.kb.model import KnowledgeBase

MAGIC = b"accord-kb-cache/1\n"
SECRET_FILE = "secret"
SECRET_BYTES = 32
MAC_BYTES = 32
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # far above any real knowledge base (the shipped: 0.3 MB)
KEEP = 16  # entries kept in one folder; the oldest go first
_enabled = True


def set_enabled(flag: bool) -> bool:
    """Turn the cache on or off in this process (--no-cache turns it off for one command);
    returns the previous setting. ACCORD_NO_CACHE still turns it off when flag is True."""
    global _enabled
    was, _enabled = _enabled, flag
    return was


def enabled() -> bool:
    """Whether the cache is used: not disabled, and ACCORD_NO_CACHE unset, empty or 0."""
    return _enabled and os.environ.get("ACCORD_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path | None:
    """The cache folder: $ACCORD_CACHE_DIR, $XDG_CACHE_HOME/accord or ~/.cache/accord.

    A relative XDG_CACHE_HOME is ignored, as the XDG base-directory rules say. None when no
    home folder can be found.
    """
    own = os.environ.get("ACCORD_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "accord"
    try:
        return Path.home() / ".cache" / "accord"
    except (KeyError, RuntimeError):  # no HOME and no password entry
        return None


def entry_key(content_hash: str, root: Path, cases: bool) -> str:
    """The key of one knowledge base's entry (64 hex digits); see the module's docstring."""
    h = hashlib.sha256()
    parts = (
        MAGIC.decode(),
        content_hash,
        str(root),
        os.path.realpath(root),
        "cases" if cases else "no cases",
        __version__,
        sys.version,
        sys.implementation.cache_tag or "",
        str(pickle.HIGHEST_PROTOCOL),
        _code_stamp(),
    )
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def _code_stamp() -> str:
    """Size and modification time of each module that builds a knowledge base."""
    here = Path(__file__).resolve().parent
    out = []
    for path in (*sorted(here.glob("*.py")), here.parent / "errors.py"):
        try:
            st = path.stat()
        except OSError:
            continue
        out.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(out)


def load(key: str) -> KnowledgeBase | None:
    """The cached knowledge base for key, or None when there is no trustworthy entry."""
    if not enabled():
        return None
    folder = _folder(create=False)
    secret = _secret(folder, create=False) if folder is not None else None
    if folder is None or secret is None:
        return None
    raw = _read_own(folder / _entry_name(key), MAX_ENTRY_BYTES)
    head = len(MAGIC) + MAC_BYTES
    if raw is None or len(raw) <= head or not raw.startswith(MAGIC):
        return None
    payload = raw[head:]
    if not hmac.compare_digest(raw[len(MAGIC) : head], _mac(secret, key, payload)):
        return None
    from accord.kb.model import KnowledgeBase

    try:
        kb = pickle.loads(payload)
    except Exception:  # written by us and authenticated, yet unreadable: rebuild it
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def store(key: str, kb: KnowledgeBase) -> None:
    """Write kb as the entry for key, atomically; best effort (errors are ignored)."""
    if not enabled():
        return
    try:
        folder = _folder(create=True)
        secret = _secret(folder, create=True) if folder is not None else None
        if folder is None or secret is None:
            return
        payload = pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL)
        _write_atomic(folder / _entry_name(key), MAGIC + _mac(secret, key, payload) + payload)
        _prune(folder)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return


def _entry_name(key: str) -> str:
    return f"kb-{key[:40]}.pickle"


def _mac(secret: bytes, key: str, payload: bytes) -> bytes:
    return hmac.new(secret, key.encode() + b"\0" + payload, hashlib.sha256).digest()


def _owned(st: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def _folder(create: bool) -> Path | None:
    """The cache folder when it is ours and no one else may write to it, else None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if create:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.stat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not _owned(st) or st.st_mode & 0o022:
        return None
    return folder


def _read_own(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of ours (not followed through a link), at most limit."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _owned(st) or st.st_size > limit:
            return None
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _secret(folder: Path, create: bool) -> bytes | None:
    """The folder's secret: 32 bytes in a file of ours that only we may read and write.

    With create, a missing secret is made, and one that fails these checks is replaced (which
    invalidates every entry signed with it). None when there is none to be trusted.
    """
    path = folder / SECRET_FILE
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError:
        return None
    if st is not None and stat.S_ISREG(st.st_mode) and _owned(st) and not st.st_mode & 0o077:
        data = _read_own(path, SECRET_BYTES)
        if data is not None and len(data) == SECRET_BYTES:
            return data
    if not create:
        return None
    fresh = os.urandom(SECRET_BYTES)
    tmp = _write_temp(folder, fresh, 0o600)
    try:
        if st is None:
            try:
                os.link(tmp, path)  # only if still absent: another process may have made one
            except FileExistsError:
                return _secret(folder, create=False)
        else:
            os.replace(tmp, path)
            return fresh
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    return fresh


def _write_temp(folder: Path, data: bytes, mode: int) -> Path:
    tmp = folder / f".tmp-{os.getpid()}-{os.urandom(6).hex()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = _write_temp(path.parent, data, 0o600)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently written entries."""
    entries = []
    for entry in os.scandir(folder):
        if entry.name.startswith("kb-") and entry.name.endswith(".pickle"):
            entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
    for _, name in sorted(entries, reverse=True)[KEEP:]:
        try:
            os.unlink(folder / name)
        except OSError:
            pass
