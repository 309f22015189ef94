"""Backup and restore of the embedded store: a RocksDB checkpoint plus a manifest, taken while serving.

A backup directory holds ``manifest.json`` (format, time, quad and named-graph counts, policy-kg version) and
``store/``, a RocksDB checkpoint of the pyoxigraph store (``Store.backup``: a consistent snapshot of one instant,
hard links where possible). A running server holds the RocksDB lock on its store, so ``policy-kg backup DIR
--server URL --token T`` asks it (``POST /admin/backup``, a write token needed) for a checkpoint streamed back as a
tar archive; a stopped store is checkpointed directly. ``policy-kg restore DIR`` copies a checked backup into a
store path that no server holds, keeping what was there aside.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
import uuid
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Iterator

import pyoxigraph as ox

from .errors import InputError, StoreError

MANIFEST = "manifest.json"
CHECKPOINT = "store"
FORMAT = "policy-kg backup 1"


def _package_version() -> str:
    try:
        return version("policy-kg")
    except PackageNotFoundError:
        return "unknown"


def _counts(store: ox.Store) -> dict[str, int]:
    return {"quads": len(store), "named_graphs": sum(1 for _ in store.named_graphs())}


def write_backup(backend, target: Path) -> dict:
    """Checkpoint ``backend`` (an ``EmbeddedStore``) into the new directory ``target``; return the manifest."""
    if not hasattr(backend, "checkpoint"):
        raise InputError("backup works on the embedded store only; back up an external store with its own tools")
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise InputError(f"{target} is not empty; choose a new directory for the backup")
    target.mkdir(parents=True, exist_ok=True)
    backend.checkpoint(target / CHECKPOINT)
    snapshot = ox.Store.read_only(str(target / CHECKPOINT))
    manifest = {"format": FORMAT, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "policy_kg": _package_version(), **_counts(snapshot)}
    del snapshot
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def backup_stopped_store(store_path: Path, target: Path) -> dict:
    """Back up a store that no server holds (its RocksDB lock must be free)."""
    from .store.embedded import EmbeddedStore

    store_path = Path(store_path)
    if not (store_path / "CURRENT").is_file():
        raise InputError(f"{store_path} holds no store to back up")
    try:
        backend = EmbeddedStore(store_path)
    except StoreError as exc:
        raise StoreError(f"{exc}; if a server is using it, run: policy-kg backup DIR --server URL --token TOKEN") from None
    try:
        return write_backup(backend, target)
    finally:
        backend.close()


def archive(backend) -> Iterator[bytes]:
    """A fresh backup of ``backend`` as an uncompressed tar stream (what ``POST /admin/backup`` sends)."""
    work = Path(str(backend.path).rstrip("/") + f"-backup-{uuid.uuid4().hex[:8]}")
    try:
        write_backup(backend, work)
        with tempfile.TemporaryFile() as spool:
            with tarfile.open(fileobj=spool, mode="w") as tar:
                tar.add(work / MANIFEST, arcname=MANIFEST)
                tar.add(work / CHECKPOINT, arcname=CHECKPOINT)
            shutil.rmtree(work, ignore_errors=True)
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                yield chunk
    finally:
        shutil.rmtree(work, ignore_errors=True)


def extract(stream: IO[bytes], target: Path) -> dict:
    """Unpack a tar stream from ``archive`` into the new directory ``target``, refusing unsafe member paths."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise InputError(f"{target} is not empty; choose a new directory for the backup")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        tar.extractall(target, filter="data")
    return check_backup(target)


def check_backup(source: Path) -> dict:
    """Open the checkpoint in ``source`` read-only and compare it with its manifest; return the manifest."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{source} is not a policy-kg backup: no readable {MANIFEST} ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise InputError(f"{source}: unknown backup format {manifest.get('format')!r}; expected {FORMAT!r}")
    try:
        found = _counts(ox.Store.read_only(str(source / CHECKPOINT)))
    except OSError as exc:
        raise InputError(f"{source}: the checkpoint does not open: {exc}") from None
    expected = {key: manifest.get(key) for key in found}
    if found != expected:
        raise InputError(f"{source}: the checkpoint holds {found}, the manifest says {expected}")
    return manifest


def restore(source: Path, store_path: Path, force: bool = False) -> tuple[dict, Path | None]:
    """Copy the backup in ``source`` into ``store_path``; the previous store (``force`` needed) is moved aside.

    Returns the manifest and where the previous store went (None if there was none).
    """
    manifest = check_backup(source)
    store_path = Path(store_path)
    previous = None
    if store_path.exists() and any(store_path.iterdir()):
        if not force:
            raise InputError(f"{store_path} already holds a store; add --force to replace it (it is kept aside)")
        _refuse_if_in_use(store_path)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        previous = store_path.with_name(f"{store_path.name}.before-restore-{stamp}")
    staging = store_path.with_name(f"{store_path.name}.restoring-{uuid.uuid4().hex[:8]}")
    shutil.copytree(source / CHECKPOINT, staging)
    try:
        restored = ox.Store(str(staging))
        found = _counts(restored)
        restored.flush()
        del restored
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"the restored store does not open: {exc}") from None
    if found != {key: manifest[key] for key in found}:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"the restored store holds {found}, the backup's manifest says otherwise")
    if previous is not None:
        store_path.rename(previous)
    elif store_path.exists():
        store_path.rmdir()
    staging.rename(store_path)
    return manifest, previous


def _refuse_if_in_use(store_path: Path) -> None:
    """Raise when a running server (or another process) holds the RocksDB lock of ``store_path``."""
    try:
        store = ox.Store(str(store_path))
    except OSError as exc:
        raise StoreError(f"{store_path} is in use (stop the server before restoring): {exc}") from None
    del store
