"""Writing a result's files into a directory the way the command's io::write_atomic does, for the
results computed in process (cs.sweep, cs.calibrate, cs.optimize with `out`)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping


def write_atomic(out: Path, files: Mapping[str, bytes], stale: Iterable[str] = ()) -> None:
    """Into a sibling temporary directory, then renamed (or each file renamed into an existing
    directory), as the command's io::write_atomic does. In an existing directory, the files named
    in `stale` that are not among `files` are removed (e.g. another sweep method's tables)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    if not out.exists():
        os.replace(tmp, out)
        return
    for name in files:
        os.replace(tmp / name, out / name)
    tmp.rmdir()
    for name in stale:
        if name not in files:
            (out / name).unlink(missing_ok=True)
