"""A CJK font for matplotlib, from Debian's fonts-noto-cjk.

Debian ships Noto Sans CJK as font collections (.ttc) whose first face is the Japanese one;
matplotlib 3.6 reads only the first face of a collection, which would draw some simplified
Chinese characters in their Japanese forms (骨, 直, 写). So the Simplified Chinese face is
extracted once with fontTools (a matplotlib dependency) into matplotlib's cache directory and
registered; when that is impossible the collection's first face is used, which still has every
glyph. Without any CJK font, Chinese charts raise FontError with the package to install.

PDFs embed their fonts as TrueType (CID, Type 42) subsets with a ToUnicode map, so that their
text can be searched and copied (``pdftotext`` reads it). matplotlib 3.6 writes every Type 42
subset as TrueType, which the CFF (PostScript) outlines of Noto CJK are not: :func:`truetype_subsets`
converts each subset's outlines to TrueType quadratics (fontTools' cu2qu, within 1 font unit of
1,000 per em) before matplotlib embeds it. Only the glyphs a PDF uses are converted (a fraction of
a second); the whole font would take minutes.
"""
from __future__ import annotations

import io
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


def _cff_to_truetype(font) -> None:
    """Replace the CFF outlines of a fontTools TTFont by TrueType ones, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # PostScript outlines run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]  # glyph names of a CID-keyed font mean nothing: post format 3
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    font.sfntVersion = "\x00\x01\x00\x00"


_installed = False


def truetype_subsets() -> None:
    """Make matplotlib's PDF and PostScript backends embed TrueType outlines for every Type 42
    font subset (see the module's docstring). Idempotent; a matplotlib without the subsetting
    function (other versions) is left alone."""
    global _installed
    if _installed:
        return
    try:
        from fontTools.ttLib import TTFont
        from matplotlib.backends import _backend_pdf_ps
    except ImportError:
        return
    subset = getattr(_backend_pdf_ps, "get_glyphs_subset", None)
    if subset is None:
        return

    def get_glyphs_subset(fontfile, characters):
        data = subset(fontfile, characters)
        font = TTFont(data)
        if "CFF " not in font:
            data.seek(0)
            return data
        _cff_to_truetype(font)
        out = io.BytesIO()
        font.save(out)
        out.seek(0)
        return out

    get_glyphs_subset.__doc__ = subset.__doc__
    _backend_pdf_ps.get_glyphs_subset = get_glyphs_subset
    _installed = True
