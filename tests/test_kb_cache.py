"""The on-disk knowledge-base cache (kb/cache.py): used only when it is exactly right.

A stale, corrupt, truncated, foreign or unreadable entry is ignored and the knowledge base is
read from its YAML again; nothing is unpickled before its HMAC checks.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accord.kb import cache
from accord.kb import load as kb_load
from accord.kb import loader as kb_loader
from accord.kb.load import default_kb_dir, load_kb
from accord.kb.model import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """An empty cache folder of this test; the in-process memo forgotten before and after."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(folder))
    monkeypatch.delenv("ACCORD_NO_CACHE", raising=False)
    monkeypatch.setattr(kb_load, "_cache", {})
    return folder


@pytest.fixture
def counted(monkeypatch):
    """How many times the knowledge base was read from its YAML."""
    calls = []
    real = kb_loader._Loader.load

    def load(self):
        calls.append(self.root)
        return real(self)

    monkeypatch.setattr(kb_loader._Loader, "load", load)
    return calls


def fresh_load(root=None, cases=False) -> KnowledgeBase:
    kb_load._cache.clear()  # as a new process would
    return load_kb(root, cases=cases)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("kb-*.pickle"))


def test_second_load_comes_from_the_cache_and_equals_the_yaml(cache_dir, counted):
    first = fresh_load()
    assert len(counted) == 1 and len(entries(cache_dir)) == 1
    second = fresh_load()
    assert len(counted) == 1  # not read again
    assert second == first and second is not first
    secret = cache_dir / cache.SECRET_FILE
    assert secret.stat().st_mode & 0o777 == 0o600
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert entries(cache_dir)[0].stat().st_mode & 0o777 == 0o600


def test_cases_and_no_cases_are_separate_entries(cache_dir, counted):
    without, with_cases = fresh_load(cases=False), fresh_load(cases=True)
    assert not without.cases and with_cases.cases
    assert len(entries(cache_dir)) == 2
    assert fresh_load(cases=True) == with_cases and len(counted) == 2


def test_a_changed_file_makes_the_entry_stale(cache_dir, counted, tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(default_kb_dir(), root)
    before = fresh_load(root)
    meta = root / "kb.yaml"
    meta.write_text(meta.read_text().replace(f"version: {before.version}", "version: 9.9.9"))
    after = fresh_load(root)
    assert after.version == "9.9.9" and before.version != "9.9.9"
    assert len(counted) == 2 and len(entries(cache_dir)) == 2


def test_another_accord_version_or_code_is_another_key(cache_dir, monkeypatch):
    root = default_kb_dir()
    digest = kb_load.content_hash(root)
    key = cache.entry_key(digest, root, False)
    assert key == cache.entry_key(digest, root, False)
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert cache.entry_key(digest, root, False) != key
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_code_stamp", lambda: "changed")
    assert cache.entry_key(digest, root, False) != key


@pytest.mark.parametrize("damage", ["flip a payload byte", "truncate", "flip the MAC", "empty"])
def test_a_corrupt_or_truncated_entry_is_rebuilt(cache_dir, counted, damage):
    good = fresh_load()
    (entry,) = entries(cache_dir)
    raw = bytearray(entry.read_bytes())
    if damage == "flip a payload byte":
        raw[-10] ^= 0xFF
    elif damage == "truncate":
        raw = raw[: len(raw) // 2]
    elif damage == "flip the MAC":
        raw[len(cache.MAGIC)] ^= 0x01
    else:
        raw = bytearray()
    entry.write_bytes(bytes(raw))
    assert fresh_load() == good
    assert len(counted) == 2  # read from the YAML again
    assert fresh_load() == good and len(counted) == 2  # and the entry written afresh


class _Planted:
    """A pickle that would create a folder when unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def test_a_foreign_entry_is_never_unpickled(cache_dir, counted, tmp_path):
    good = fresh_load()
    (entry,) = entries(cache_dir)
    marker = tmp_path / "unpickled"
    payload = pickle.dumps(_Planted(marker))
    forged = cache.MAGIC + cache._mac(os.urandom(32), "someone else's key", payload) + payload
    entry.write_bytes(forged)
    assert fresh_load() == good
    assert not marker.exists() and len(counted) == 2


def test_an_entry_copied_from_another_cache_folder_is_ignored(cache_dir, counted, tmp_path):
    good = fresh_load()
    (entry,) = entries(cache_dir)
    other = tmp_path / "other"
    os.environ["ACCORD_CACHE_DIR"] = str(other)
    fresh_load()  # the other folder gets its own secret and entry
    assert len(counted) == 2
    shutil.copyfile(entry, other / entry.name)  # signed with the first folder's secret
    assert fresh_load() == good and len(counted) == 3


def test_a_right_entry_for_another_key_is_ignored(cache_dir, counted, tmp_path):
    fresh_load(cases=True)
    with_cases = entries(cache_dir)[0]
    root = default_kb_dir()
    other = cache_dir / f"kb-{cache.entry_key(kb_load.content_hash(root), root, False)[:40]}.pickle"
    shutil.copyfile(with_cases, other)  # authentic, but for the other key
    assert fresh_load(cases=False).cases == ()
    assert len(counted) == 2


def test_an_unreadable_entry_or_secret_is_not_trusted(cache_dir, counted):
    good = fresh_load()
    (entry,) = entries(cache_dir)
    entry.unlink()
    entry.mkdir()  # not a regular file: cannot be read, nor replaced
    assert fresh_load() == good and len(counted) == 2
    entry.rmdir()
    entry.symlink_to(cache_dir / "elsewhere")  # links are not followed
    assert fresh_load() == good and len(counted) == 3
    assert not entry.is_symlink()  # replaced by a real entry
    secret = cache_dir / cache.SECRET_FILE
    secret.chmod(0o644)  # readable by others: not trusted, replaced when writing
    assert fresh_load() == good and len(counted) == 4
    assert secret.stat().st_mode & 0o777 == 0o600
    assert fresh_load() == good and len(counted) == 4


def test_a_folder_others_may_write_to_is_not_used(cache_dir, counted):
    cache_dir.mkdir(mode=0o700)
    cache_dir.chmod(0o777)
    good = fresh_load()
    assert fresh_load() == good and len(counted) == 2
    assert entries(cache_dir) == []


def test_an_unusable_cache_location_changes_nothing(tmp_path, monkeypatch, counted):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(kb_load, "_cache", {})
    assert fresh_load() == fresh_load() and len(counted) == 2


def test_the_environment_can_bypass_the_cache(cache_dir, counted, monkeypatch):
    monkeypatch.setenv("ACCORD_NO_CACHE", "1")
    fresh_load()
    fresh_load()
    assert len(counted) == 2 and not cache_dir.exists()
    monkeypatch.setenv("ACCORD_NO_CACHE", "0")
    fresh_load()
    assert len(entries(cache_dir)) == 1


def test_xdg_cache_home_and_the_default_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("ACCORD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "accord"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "accord"


def test_cli_uses_the_cache_and_no_cache_bypasses_it(tmp_path):
    folder = tmp_path / "cache"
    env = {**os.environ, "ACCORD_CACHE_DIR": str(folder)}
    example = str(ROOT / "examples" / "mandated-merger.yaml")
    cmd = [sys.executable, "-m", "accord", "assess", example, "--format", "json"]

    def run(*extra: str) -> str:
        proc = subprocess.run([*cmd, *extra], env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    bypassed = run("--no-cache")
    assert not folder.exists()
    written = run()
    assert len(entries(folder)) == 1
    stamp = entries(folder)[0].stat().st_mtime_ns
    cached = run()
    assert bypassed == written == cached  # same bytes, from the YAML or from the cache
    assert entries(folder)[0].stat().st_mtime_ns == stamp  # read, not written again
