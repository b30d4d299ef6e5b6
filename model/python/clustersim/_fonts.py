"""A CJK font for matplotlib, from Debian's fonts-noto-cjk.

Debian ships Noto Sans CJK as font collections (.ttc) whose first face is the Japanese one;
matplotlib 3.6 reads only the first face of a collection, which would draw some simplified
Chinese characters in their Japanese forms (骨, 直, 写). So the Simplified Chinese face is
extracted once with fontTools (a matplotlib dependency) into matplotlib's cache directory and
registered; when that is impossible the collection's first face is used, which still has every
glyph. Without any CJK font, Chinese charts raise FontError with the package to install.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional

from ._core import Error

PREFERRED = "Noto Sans CJK SC"
# Families with Simplified Chinese glyphs that may be installed instead of fonts-noto-cjk.
OTHER_CJK = ["Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans CJK JP",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN", "Droid Sans Fallback"]
_COLLECTIONS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
_SEARCH_DIRS = ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto",
                "/usr/share/fonts/opentype", "/usr/share/fonts", "/usr/local/share/fonts",
                os.path.expanduser("~/.local/share/fonts"), os.path.expanduser("~/.fonts")]

MISSING_MESSAGE = ("no CJK font for Chinese chart labels: install Debian's fonts-noto-cjk "
                   "(sudo apt-get install fonts-noto-cjk), or draw English charts with lang='en'")


class FontError(Error, RuntimeError):
    """No font with Chinese glyphs is available for Chinese charts."""


_family: Optional[str] = None
_searched = False


def _find_collection(file_name: str) -> Optional[Path]:
    for d in _SEARCH_DIRS:
        p = Path(d) / file_name
        if p.is_file():
            return p
    for d in _SEARCH_DIRS:
        if os.path.isdir(d):
            for p in Path(d).rglob(file_name):
                return p
    return None


def _extract_sc_face(collection: Path, weight: str) -> Optional[Path]:
    """The Simplified Chinese face of a Noto CJK collection as an .otf in matplotlib's cache."""
    try:
        import matplotlib
        from fontTools.ttLib import TTCollection
    except ImportError:
        return None
    cache = Path(matplotlib.get_cachedir()) / "clustersim-fonts"
    target = cache / f"NotoSansCJKsc-{weight}.otf"
    stamp = f"{collection}:{collection.stat().st_size}:{int(collection.stat().st_mtime)}"
    stamp_file = target.with_suffix(".source")
    if target.is_file() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        return target
    try:
        cache.mkdir(parents=True, exist_ok=True)
        ttc = TTCollection(str(collection), lazy=True)
        face = next((f for f in ttc.fonts if f["name"].getDebugName(1) == PREFERRED), None)
        if face is None:
            return None
        # Written under a temporary name and renamed, so that concurrent processes never read
        # half a file.
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".otf.tmp")
        os.close(fd)
        face.save(tmp)
        os.replace(tmp, target)
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".source.tmp")
        with os.fdopen(fd, "w") as f:
            f.write(stamp)
        os.replace(tmp, stamp_file)
        return target
    except Exception:  # a read-only cache, a damaged collection: fall back to the .ttc
        return None


def cjk_family(required: bool = True) -> Optional[str]:
    """The font family used for Chinese text, registering Noto Sans CJK SC on first use.

    Raises FontError when there is none and `required`; returns None otherwise.
    """
    global _family, _searched
    if _family is not None or (_searched and not required):
        return _family
    if _searched and required:
        raise FontError(MISSING_MESSAGE)
    from matplotlib import font_manager

    _searched = True
    names = {f.name for f in font_manager.fontManager.ttflist}
    if PREFERRED in names:
        _family = PREFERRED
        return _family
    registered = False
    for weight, file_name in _COLLECTIONS.items():
        collection = _find_collection(file_name)
        if collection is None:
            continue
        face = _extract_sc_face(collection, weight)
        font_manager.fontManager.addfont(str(face if face is not None else collection))
        registered = True
    if registered:
        names = {f.name for f in font_manager.fontManager.ttflist}
        _family = PREFERRED if PREFERRED in names else "Noto Sans CJK JP"
        return _family
    for name in OTHER_CJK:
        if name in names:
            _family = name
            return _family
    if required:
        raise FontError(MISSING_MESSAGE)
    return None
