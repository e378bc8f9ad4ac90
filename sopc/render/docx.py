"""One Word file per SOP (spec §5), with python-docx: the content of the SOP's HTML
page (written by `sopc.render.docx_parts`) on A4 pages of a controlled document.

What Word needs that HTML does not:
- Fonts. The template's styles name *theme* fonts, which override explicit ones and
  resolve through the theme's language (Japanese in python-docx's template), so the
  styles used get explicit fonts instead: 宋体 for text, 黑体 for headings, Arial for Latin.
- Furniture. A header with the SOP's id, title and version, and a footer with the
  effective date and "第 X 页 共 Y 页" (PAGE / NUMPAGES fields), on every page.
- A flowchart as planned for paper (`sopc.render.paper`, the same plan as the PDF's):
  inline in portrait, on a landscape page, or split over pages, never printing its
  text below 7 pt.
- Identical bytes for identical input. Dates come from `when` only, the thumbnail of
  python-docx's blank template is dropped, and the zip is written again with one
  fixed time stamp and order for every entry.
"""

from __future__ import annotations

import io
import math
import struct
import zipfile
from datetime import UTC, datetime
from typing import cast

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENTATION, WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from sopc import __version__
from sopc.i18n import Slot, Translator
from sopc.model.idmap import write_ids
from sopc.render.docx_markdown import clean
from sopc.render.docx_parts import TABLE_STYLE, TABLE_TEXT, Writer
from sopc.render.dot import PNG_DPI
from sopc.render.paper import PaperChart
from sopc.render.phrases import Phrases
from sopc.render.site import Manual, SopEntry

BODY_FONT = "宋体"  # East Asian font of body text and tables
HEADING_FONT = "黑体"  # East Asian font of headings
LATIN_FONT = "Arial"  # ascii / hAnsi font everywhere

PAGE_MM = (210.0, 297.0)  # A4, portrait
MARGIN_MM = {"top": 25.0, "bottom": 22.0, "left": 25.0, "right": 20.0}
# a landscape chart page is short: it keeps the side margins and gives up some of the
# top and bottom ones (the header and footer still fit), so a part of the planned
# height (sopc.render.paper) fits below its heading with its caption and legend
LANDSCAPE_MARGIN_MM = {**MARGIN_MM, "top": 20.0, "bottom": 18.0}
HEADER_MM, FOOTER_MM = 12.0, 10.0  # from the page edge
TEXT_MM = PAGE_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]  # portrait text width: 165 mm
LEGEND_PT = 8.0  # the legend under a chart

_STYLE_FONTS = {
    BODY_FONT: ("Normal", "Table Grid", "Caption", "List Bullet", "List Bullet 2", "Header",
                "Footer"),
    HEADING_FONT: ("Title", "Title Char", "Heading 1", "Heading 1 Char", "Heading 2",
                   "Heading 2 Char", "Heading 3", "Heading 3 Char"),
}  # fmt: skip
_HEADING_PT = {"Heading 1": 16.0, "Heading 2": 14.0, "Heading 3": 12.0}  # 三号, 四号, 小四
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme")
_PNG = b"\x89PNG\r\n\x1a\n"
_EMU_PER_PIXEL = 914400 / PNG_DPI  # a chart's PNG pixel at its natural size
# what may follow w:pBdr in a w:pPr (the schema's order; Word rejects other orders)
_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def sop_docx(
    entry: SopEntry, manual: Manual, flowchart: PaperChart | None, *, when: datetime
) -> bytes:
    """The SOP as a .docx file's bytes; identical input and `when` → identical bytes."""
    stamp = _utc(when)
    phrases = Phrases(manual)
    doc = docx.Document()
    _styles(doc, manual.config.language)
    _properties(doc, entry, phrases, stamp)
    _page(doc.sections[0], entry, manual, phrases.t, landscape=False)
    writer = Writer(doc, entry, phrases, TEXT_MM)
    writer.title()
    writer.control()
    writer.purpose()
    if flowchart is not None and flowchart.pngs:
        _flowchart(doc, writer, flowchart)
    writer.rest()
    _id_map(doc, entry)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _repack(buffer.getvalue(), stamp)


def _id_map(doc: Document, entry: SopEntry) -> None:
    """The ids behind the names the file shows (`sopc.model.idmap`), as a custom XML
    part (Word keeps it through edits): `sopc import` of this file gives the ids back."""
    roles = {role_id: role.name for role_id, role in entry.roles_in_order()}
    forms = {use.form_id: use.form.name for use in entry.forms_used()}
    blob = write_ids(entry.sop, roles, forms)
    package = doc.part.package
    name = package.next_partname("/customXml/item%d.xml")  # item1 is the template's
    part = Part(PackURI(name), "application/xml", blob, package)
    doc.part.relate_to(part, RT.CUSTOM_XML)


def _utc(when: datetime) -> datetime:
    """`when` as naive UTC (python-docx writes it with a Z); naive input counts as UTC."""
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


# -- styles and properties ---------------------------------------------------------------


def _styles(doc: Document, language: str) -> None:
    """Explicit fonts (theme attributes removed: they win over explicit names), Chinese
    sizes (五号 text, 小五 tables), black headings, and the header/footer tab stops cleared."""
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is not None:
        _fonts(rpr, BODY_FONT)
        lang = rpr.find(qn("w:lang"))
        if language == "zh-CN" and lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
    if language == "zh-CN":
        theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:eastAsia"), "zh-CN")
    for font, names in _STYLE_FONTS.items():
        for name in names:
            _fonts(styles[name].element.get_or_add_rPr(), font)
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in _HEADING_PT.items():
        heading = styles[name]
        heading.font.size = Pt(size)
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_after = Pt(6)
    styles["Heading 1"].paragraph_format.space_before = Pt(6)
    for name in ("Header", "Footer"):
        styles[name].paragraph_format.tab_stops.clear_all()
        styles[name].font.size = Pt(9)
    cells = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = Pt(9)
    cells.paragraph_format.space_after = Pt(0)
    cells.paragraph_format.line_spacing = 1.1
    _fonts(cells.element.get_or_add_rPr(), BODY_FONT)
    styles[TABLE_STYLE].font.size = Pt(9)
    styles["Caption"].font.color.rgb = RGBColor(0x54, 0x6E, 0x7A)


def _fonts(rpr: BaseOxmlElement, east_asian: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # rFonts comes first in a w:rPr
    for attribute in _THEME_FONTS:
        if qn(attribute) in fonts.attrib:
            del fonts.attrib[qn(attribute)]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _properties(doc: Document, entry: SopEntry, phrases: Phrases, stamp: datetime) -> None:
    """Core properties from the SOP and `when` alone (the template's say python-docx, 2013),
    and no thumbnail: python-docx's template carries a picture of an empty page."""
    sop, config = entry.sop, phrases.manual.config
    props = doc.core_properties

    def short(text: str) -> str:  # core properties hold at most 255 characters
        return clean(text)[:255]

    author = short(config.organization or config.name)
    props.title = short(f"{sop.id} {sop.title}")
    props.subject = short(config.name)
    props.author = props.last_modified_by = author
    props.identifier = short(sop.id)
    props.version = short(sop.version)
    props.language = config.language
    props.content_status = phrases.status(sop.status)
    props.comments = phrases.t("generated_by", version=__version__)
    props.keywords = props.category = ""
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    package = doc.part.package
    if package is not None:
        for rid, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[rid]


# -- page, header and footer ---------------------------------------------------------------


def _page(
    section: Section, entry: SopEntry, manual: Manual, t: Translator, *, landscape: bool
) -> None:
    """A4 with the margins above, and the section's own header and footer (their right
    tab stop sits at the right margin, which differs between portrait and landscape)."""
    short, long = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.orientation = WD_ORIENTATION.LANDSCAPE if landscape else WD_ORIENTATION.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    margin = LANDSCAPE_MARGIN_MM if landscape else MARGIN_MM
    section.top_margin, section.bottom_margin = Mm(margin["top"]), Mm(margin["bottom"])
    section.left_margin, section.right_margin = Mm(margin["left"]), Mm(margin["right"])
    section.header_distance, section.footer_distance = Mm(HEADER_MM), Mm(FOOTER_MM)
    width = (PAGE_MM[1] if landscape else PAGE_MM[0]) - MARGIN_MM["left"] - MARGIN_MM["right"]
    sop, config = entry.sop, manual.config

    section.header.is_linked_to_previous = False
    head = section.header.paragraphs[0]
    title = sop.title if len(sop.title) <= 40 else sop.title[:39] + "…"
    _tabbed(head, width, clean(config.organization or config.name))
    head.add_run(clean(f"{sop.id} {title}{t('sep')}{t('version')} {sop.version}"))
    _border(head, "bottom")

    section.footer.is_linked_to_previous = False
    foot = section.footer.paragraphs[0]
    effective = f"{t('effective_date')} {sop.effective_date}" if sop.effective_date else ""
    _tabbed(foot, width, effective)
    fields = {"page": "PAGE", "pages": "NUMPAGES"}
    for piece in t.parts("page_of"):
        if isinstance(piece, Slot) and piece.name in fields:
            _field(foot, fields[piece.name])
        else:
            foot.add_run(piece if isinstance(piece, str) else f"{{{piece.name}}}")


def _tabbed(paragraph: Paragraph, width_mm: float, left: str) -> None:
    """`left`, then a tab to a right-aligned stop at the right margin."""
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(left).add_tab()


def _border(paragraph: Paragraph, side: str) -> None:
    border = cast(BaseOxmlElement, OxmlElement("w:pBdr"))
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "auto")):
        line.set(qn(f"w:{key}"), value)
    border.append(line)
    paragraph._p.get_or_add_pPr().insert_element_before(border, *_AFTER_BORDER)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES): begin, instruction, separate, a placeholder, end."""

    def char(kind: str) -> None:
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(mark)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run("1")
    char("end")


# -- the flowchart ---------------------------------------------------------------------------


def _flowchart(doc: Document, writer: Writer, chart: PaperChart) -> None:
    """The chart as planned (`sopc.render.paper`): each part's PNG at the plan's scale,
    inline in portrait or on landscape pages between portrait ones; a split chart's
    parts a page each, every one with its caption (part k of n) and the legend."""
    entry, manual, t = writer.entry, writer.manual, writer.t
    landscape = chart.medium.landscape
    if landscape:
        _page(doc.add_section(WD_SECTION_START.NEW_PAGE), entry, manual, t, landscape=True)
    writer.heading(t("flowchart"), 2)
    caption = clean(t("flowchart_alt", title=entry.sop.title))
    count = len(chart.pngs)
    for number, png in enumerate(chart.pngs, 1):
        if png[:8] != _PNG or png[12:16] != b"IHDR":
            raise ValueError("the flowchart is not a PNG image")
        pixels_w, pixels_h = struct.unpack(">II", png[16:24])
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        if number > 1:  # a part a page
            picture.paragraph_format.page_break_before = True
        shape = picture.add_run().add_picture(
            io.BytesIO(png),
            width=Emu(math.ceil(pixels_w * chart.scale * _EMU_PER_PIXEL)),
            height=Emu(math.ceil(pixels_h * chart.scale * _EMU_PER_PIXEL)),
        )
        alt = (
            caption
            if count == 1
            else t("flowchart_part", caption=caption, part=number, parts=count)
        )
        shape._inline.docPr.set("descr", alt)
        below = doc.add_paragraph(style="Caption")
        below.alignment = WD_ALIGN_PARAGRAPH.CENTER
        below.paragraph_format.keep_with_next = bool(chart.legend)
        below.add_run(alt)
        if chart.legend:
            _legend(doc, chart.legend, t)
    if landscape:
        _page(doc.add_section(WD_SECTION_START.NEW_PAGE), entry, manual, t, landscape=False)


def _legend(doc: Document, keys: tuple[str, ...], t: Translator) -> None:
    """The legend under a chart's picture: its label, then the entries that apply."""
    legend = doc.add_paragraph(style="Caption")
    legend.alignment = WD_ALIGN_PARAGRAPH.CENTER
    legend.paragraph_format.space_before = Pt(0)
    lead = legend.add_run(t("legend") + t("colon"))
    lead.bold = True
    legend.add_run(t("legend_sep").join(t(key) for key in keys))
    for run in legend.runs:
        run.font.size = Pt(LEGEND_PT)


# -- packaging -------------------------------------------------------------------------------


def _repack(data: bytes, stamp: datetime) -> bytes:
    """The zip again, every entry with the same time stamp (`when`, clamped to what zip can
    hold), system, permissions and compression, [Content_Types].xml first then by name:
    python-docx stamps entries with the wall clock."""
    if stamp.year < 1980:
        moment: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)
    elif stamp.year > 2107:
        moment = (2107, 12, 31, 23, 59, 58)
    else:
        moment = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
