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
    present = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in present]
    if missing:
        raise TemplateError(f"{source}: the template lacks the styles {', '.join(repr(m) for m in missing)}")
    return document
