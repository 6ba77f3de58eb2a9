"""A report as a Word document (.docx, python-docx), laid out like the PDF."""

import io

from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from .document import Heading, Paragraph, Table

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
APPENDIX_TABLE_PT = 10


def render_docx(doc):
    """.docx bytes of a `Document` (build it in Vietnamese: the texts are already in it)."""
    word = WordDocument()
    _base_style(word)
    section = word.sections[0]
    _portrait(section)
    if doc.is_draft:
        para = word.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(para, _("DRAFT"), bold=True, size=12, color=RGBColor(0xB0, 0x2A, 0x37))
    _header(word, doc)
    _title(word, doc)
    for block in doc.blocks:
        _block(word, block, table_pt=TABLE_PT)
    _footer(word, doc)
    if doc.appendix:
        appendix = word.add_section(WD_SECTION.NEW_PAGE)
        _landscape(appendix)
        for index, block in enumerate(doc.appendix):
            if index:
                word.add_page_break()
            _block(word, block, table_pt=APPENDIX_TABLE_PT)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _base_style(word):
    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    # Word picks the font per script; name it for all of them so diacritics never fall back.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.15


def _portrait(section):
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _landscape(section):
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(15)
    section.left_margin, section.right_margin = Mm(20), Mm(15)


def _run(paragraph, text, *, bold=False, italic=False, size=None, underline=False, color=None):
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run


def _centered(cell_or_doc, text, **style):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, **style)
    return paragraph


def _rule(paragraph, indent_cm):
    """A short line under a centred heading (the header's and the subject's rule)."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(indent_cm)
    fmt.right_indent = Cm(indent_cm)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _header(word, doc):
    table = word.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(68), Mm(97)
    left.paragraphs[0].text = ""
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.paragraph_format.space_after = Pt(0)
    if doc.authority:
        _run(first, doc.authority, size=13)
        issuer = _centered(left, doc.issuer, bold=True, size=13)
    else:
        issuer = first
        _run(first, doc.issuer, bold=True, size=13)
    _rule(issuer, 1.5)
    number = _centered(left, _("No.: %(number)s") % {"number": doc.number or "……"}, size=13)
    number.paragraph_format.space_before = Pt(6)

    country = right.paragraphs[0]
    country.alignment = WD_ALIGN_PARAGRAPH.CENTER
    country.paragraph_format.space_after = Pt(0)
    _run(country, _("SOCIALIST REPUBLIC OF VIET NAM"), bold=True, size=12.5)
    motto = _centered(right, _("Independence – Freedom – Happiness"), bold=True, size=13.5)
    _rule(motto, 2.2)
    if doc.date:
        place_date = _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
            "place": doc.place or "……",
            "day": f"{doc.date.day:02d}",
            "month": f"{doc.date.month:02d}",
            "year": doc.date.year,
        }
    else:
        place_date = _("%(place)s, day …… month …… year ……") % {"place": doc.place or "……"}
    dated = _centered(right, place_date, italic=True, size=14)
    dated.paragraph_format.space_before = Pt(6)


def _title(word, doc):
    title = _centered(word, _("REPORT"), bold=True)
    title.paragraph_format.space_before = Pt(18)
    subject = _centered(word, doc.subject, bold=True)
    _rule(subject, 5)
    subject.paragraph_format.space_after = Pt(12)


def _block(word, block, *, table_pt):
    if isinstance(block, Heading):
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.keep_with_next = True
        _run(paragraph, block.text, bold=True)
    elif isinstance(block, Paragraph):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
        _run(paragraph, block.text, italic=block.italic)
    elif isinstance(block, Table):
        _table(word, block, table_pt)


def _table(word, block, size):
    title = _centered(word, block.title, bold=True, size=size + 1)
    title.paragraph_format.space_before = Pt(4)
    title.paragraph_format.keep_with_next = True
    header_rows = block.header_rows()
    body = block.formatted_rows()
    total = block.formatted_total()
    count = len(header_rows) + len(body) + (1 if total else 0)
    table = word.add_table(rows=count, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    taken = set()
    for r, row in enumerate(header_rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            target = table.cell(r, c)
            end = table.cell(r + cell.rowspan - 1, c + cell.colspan - 1)
            if end is not target:
                target = target.merge(end)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            _cell_text(target, cell.text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            c += cell.colspan
        _repeat_header(table.rows[r])
    offset = len(header_rows)
    rows = body + ([total] if total else [])
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            _cell_text(
                table.cell(offset + r, c),
                cell["text"],
                size=size,
                bold=total is not None and r == len(rows) - 1,
                align=WD_ALIGN_PARAGRAPH.RIGHT if cell["numeric"] else WD_ALIGN_PARAGRAPH.LEFT,
            )
    word.add_paragraph().paragraph_format.space_after = Pt(0)


def _cell_text(cell, text, *, size, bold, align):
    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.line_spacing = 1.0
    _run(paragraph, text, bold=bold, size=size)


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _footer(word, doc):
    word.add_paragraph()
    table = word.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    title = left.paragraphs[0]
    _run(title, _("Recipients:"), bold=True, italic=True, size=12)
    title.paragraph_format.space_after = Pt(0)
    for index, recipient in enumerate(doc.recipients):
        end = "." if index == len(doc.recipients) - 1 else ";"
        line = left.add_paragraph()
        line.paragraph_format.space_after = Pt(0)
        _run(line, f"- {recipient}{end}", size=11)
    signer = right.paragraphs[0]
    signer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(signer, (doc.signer_title or "……").upper(), bold=True)
    space = _centered(right, _("(not signed: draft)") if doc.is_draft else "", italic=True, size=12)
    space.paragraph_format.space_before = Pt(24)
    space.paragraph_format.space_after = Pt(48)
    _centered(right, doc.signer_name or "……", bold=True)
