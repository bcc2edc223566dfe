"""Real Word footnotes: the footnotes part, its relationship, content type and styles.

python-docx has no footnote API (its issue 1); the part is made here the way Word makes it: two
separator footnotes (ids -1 and 0), then one w:footnote per note, each referenced from a run in the
body, so that Word and LibreOffice number them and print them at the foot of the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from report_tool.report.render.docx_links import Hyperlinks

CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
TEXT_STYLE = "Footnote Text"
REFERENCE_STYLE = "Footnote Reference"
FONT_SIZE_HALF_POINTS = 16  # 8 pt

_EMPTY = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class Footnotes:
    """The document's footnotes part, created on first use."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self._root: Any = None
        self._part: Any = None
        self._links: Any = None
        self._style_ids: dict[str, str] = {}
        self.count = 0

    @property
    def root(self) -> Any:
        """The footnotes part's XML, None when no footnote was added."""
        return self._root

    def _part_root(self) -> Any:
        if self._root is None:
            part = self.document.part
            package = part.package
            for rel in part.rels.values():
                if rel.reltype == RT.FOOTNOTES:  # a template that has footnotes already
                    self._part = rel.target_part
                    self._root = self._part.element
                    break
            else:
                root = parse_xml(_EMPTY)
                self._part = XmlPart(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, root, package)
                part.relate_to(self._part, RT.FOOTNOTES)
                self._root = root
            self._links = Hyperlinks(self._part)
            self._styles()
            ids = [int(n.get(qn("w:id"))) for n in self._root.findall(qn("w:footnote"))]
            self.count = max([0, *ids])
        return self._root

    def add(self, paragraph: Any, text: str | Sequence[tuple[str, str | None]]) -> int:
        """Append a footnote reference to `paragraph` (a python-docx Paragraph or a w:p) holding
        `text`: plain (its web addresses made links), or pieces each with the address it links to."""
        root = self._part_root()
        self.count += 1
        number = self.count
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(number))
        p = OxmlElement("w:p")
        p.append(_style_props(self._style_id(TEXT_STYLE)))
        p.append(_reference_run(self._style_id(REFERENCE_STYLE), "w:footnoteRef", None))
        if isinstance(text, str):
            append_linked(p, f" {text}", self._links)
        else:
            _append_run(p, " ")
            for piece, address in text:
                if address:
                    append_link(p, piece, address, self._links)
                else:
                    append_linked(p, piece, self._links)
        note.append(p)
        root.append(note)
        p_element = getattr(paragraph, "_p", paragraph)
        style_id = self._style_id(REFERENCE_STYLE)
        if _ends_with_reference(p_element):  # '28,29', never '2829', when two notes meet
            p_element.append(_reference_text_run(style_id, ","))
        p_element.append(_reference_run(style_id, "w:footnoteReference", number))
        return number

    def _style_id(self, name: str) -> str:
        if name not in self._style_ids:  # a style lookup walks the whole styles part
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def _styles(self) -> None:
        """The two footnote styles, added when the template lacks them."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt

        styles = self.document.styles
        names = {s.name for s in styles}
        if TEXT_STYLE not in names:
            style = styles.add_style(TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = Pt(FONT_SIZE_HALF_POINTS / 2)
            style.paragraph_format.space_before = Pt(0)
            style.paragraph_format.space_after = Pt(0)
        if REFERENCE_STYLE not in names:
            style = styles.add_style(REFERENCE_STYLE, WD_STYLE_TYPE.CHARACTER)
            style.font.superscript = True


URL = re.compile(r"https?://[^\s;]+[^\s;.,)]")


#: Tags as lxml names them: made with SubElement, each costs a tenth of an OxmlElement call,
#: which parses its prefix and declares its namespace on every element (the Sources section and
#: the footnotes make some 4,000).
_R, _T, _SPACE = qn("w:r"), qn("w:t"), qn("xml:space")


def append_linked(p: Any, text: str, links: Hyperlinks) -> None:
    """Append `text` to the w:p `p`, each web address in it a working link (in Word and in a PDF)."""
    position = 0
    for match in URL.finditer(text):
        _append_run(p, text[position : match.start()])
        append_link(p, match.group(), match.group(), links)
        position = match.end()
    _append_run(p, text[position:])


def append_link(p: Any, text: str, address: str, links: Hyperlinks) -> None:
    """Append `text` to the w:p `p` as a working link to `address`."""
    link = OxmlElement("w:hyperlink")  # made loose, as before: its r: prefix is then ns0 in every link
    link.set(qn("r:id"), links.rid(address))
    _append_run(link, text)
    p.append(link)


def _append_run(parent: Any, text: str) -> None:
    if not text:
        return
    t = etree.SubElement(etree.SubElement(parent, _R), _T)
    t.set(_SPACE, "preserve")
    t.text = text


def _style_props(style_id: str) -> Any:
    p_pr = OxmlElement("w:pPr")
    p_style = OxmlElement("w:pStyle")
    p_style.set(qn("w:val"), style_id)
    p_pr.append(p_style)
    return p_pr


def _ends_with_reference(p: Any) -> bool:
    """Whether the w:p's last run is a footnote reference."""
    runs = p.findall(qn("w:r"))
    return bool(runs) and runs[-1] is p[-1] and runs[-1].find(qn("w:footnoteReference")) is not None


def _reference_text_run(style_id: str, text: str) -> Any:
    """`text` (the comma between two references) in the reference's own superscript style."""
    run = _reference_run(style_id, "w:t", None)
    run[-1].text = text
    return run


def _reference_run(style_id: str, tag: str, number: int | None) -> Any:
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    r_style = OxmlElement("w:rStyle")
    r_style.set(qn("w:val"), style_id)
    r_pr.append(r_style)
    run.append(r_pr)
    ref = OxmlElement(tag)
    if number is not None:
        ref.set(qn("w:id"), str(number))
    run.append(ref)
    return run
