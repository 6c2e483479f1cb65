"""The CJK font every writer embeds: WenQuanYi Micro Hei (Apache-2.0, TrueType outlines)
from the PyPI package `paperang-p2-fonts-cjk`, a main dependency — so a fresh machine
draws Chinese after `pip install`, with no system font and no tofu boxes.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FAMILY = "WenQuanYi Micro Hei"
PDF_NAME = "WQYMicroHei"


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=None)
def cjk_font_path() -> Path:
    """wqy-microhei.ttc inside the installed package paperang-p2-fonts-cjk."""
    import importlib.resources

    try:
        root = importlib.resources.files("paperang_p2_fonts_cjk")
    except ModuleNotFoundError as error:
        raise FontMissing("the Chinese font is missing: pip install paperang-p2-fonts-cjk==0.1.0") from error
    path = Path(str(root.joinpath("fonts", "wqy-microhei.ttc")))
    if not path.exists():
        raise FontMissing(f"CJK font not found at {path}")
    return path


@lru_cache(maxsize=None)
def matplotlib_font() -> str:
    """Register the font with matplotlib once; returns its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(cjk_font_path()))
    return font_manager.FontProperties(fname=str(cjk_font_path())).get_name()


@lru_cache(maxsize=None)
def reportlab_font() -> str:
    """Register the font with ReportLab once (first face of the collection); returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(PDF_NAME, str(cjk_font_path()), subfontIndex=0))
    return PDF_NAME
