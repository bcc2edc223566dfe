"""Finding and checking the Word template: from a checkout, an installed wheel, or --template."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from report_tool.errors import TemplateError

TEMPLATE_NAME = "briefing.docx"
#: Every style the briefing uses; a custom template must define them all.
REQUIRED_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Caption",
    "Note",
    "Key Figure",
    "List Bullet",
    "Table Text",
    "Table Number",
    "Table Heading",
    "Briefing Table",
    "Header",
    "Footer",
)


def default_template() -> Path:
    """templates/briefing.docx: packaged as report_tool.templates, or beside the package in a checkout."""
    try:
        packaged = resources.files("report_tool.templates") / TEMPLATE_NAME
        if packaged.is_file():
            return Path(str(packaged))
    except ModuleNotFoundError:
        pass
    checkout = Path(__file__).resolve().parents[3] / "templates" / TEMPLATE_NAME
    if checkout.is_file():
        return checkout
    raise TemplateError("the default Word template is missing from the installation; reinstall report-tool")


def find_template(path: Path | None) -> Path:
    """The template's file (the tool's own by default); a missing one is refused before any work."""
    source = Path(path) if path is not None else default_template()
    if not source.is_file():
        raise TemplateError(f"{source}: no such template file")
    return source


def load_template(path: Path | None) -> Any:
    """Open the template and make sure it has every style the briefing needs."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    source = find_template(path)
    try:
        document = docx.Document(str(source))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise TemplateError(f"{source}: not a Word .docx template ({exc})") from exc
    except Exception as exc:  # a damaged zip or XML surfaces as many kinds
        raise TemplateError(f"{source}: the template is damaged ({type(exc).__name__})") from exc
    present = TemplateStyles(document).names
    missing = [name for name in REQUIRED_STYLES if name not in present]
    if missing:
        raise TemplateError(f"{source}: the template lacks the styles {', '.join(repr(m) for m in missing)}")
    return document


class TemplateStyles:
    """The template's styles, read in one pass over its styles part: python-docx walks every
    style, attribute by attribute, on each lookup by name and for each default style."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn
        from docx.styles import BabelFish

        styles: list[tuple[str | None, str, str | None]] = []  # name, type, id, in document order
        defaults: dict[str, str | None] = {}  # each type's default style (the last, as the spec says)
        for element in document.styles.element.iterchildren(qn("w:style")):
            name_element = element.find(qn("w:name"))
            internal = name_element.get(qn("w:val")) if name_element is not None else None
            name = BabelFish.internal2ui(internal) if internal is not None else None
            kind = element.get(qn("w:type")) or "paragraph"
            style_id = element.get(qn("w:styleId"))
            if element.get(qn("w:default")) in ("1", "true", "on"):
                defaults[kind] = style_id
            styles.append((name, kind, style_id))
        self.names = {name for name, _, _ in styles}
        self._defaults = defaults
        self._by_name: dict[str | None, tuple[str, str | None]] = {}
        for name, kind, style_id in styles:
            self._by_name.setdefault(name, (kind, style_id))  # the first, as styles[name] finds it
        default = defaults.get("paragraph")
        #: Each paragraph style's id by its name; None for the default style, which is not named.
        self.paragraph_ids = {
            name: None if default is not None and style_id == default else style_id
            for name, kind, style_id in styles
            if kind == "paragraph"
        }

    def style_id(self, name: str) -> str:
        """The id of the style called `name` (KeyError when there is none)."""
        style_id = self._by_name[name][1]
        if style_id is None:
            raise KeyError(f"the style {name!r} has no id")
        return style_id

    def table_style_id(self, name: str) -> str | None:
        """The id to give a table of style `name`: None for the default table style."""
        style_id = self.style_id(name)
        return None if style_id == self._defaults.get("table") else style_id
