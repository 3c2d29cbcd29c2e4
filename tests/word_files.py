"""Word files written part by part, as Word and LibreOffice write them, for the import tests.

python-docx cannot write footnotes, tracked changes, content controls, merged cells or its own
numbering definitions, so the body is given as WordprocessingML and put into python-docx's default
package (its styles: Heading 1…9, List Paragraph, List Number, …). `styles` adds style definitions,
`numbering` replaces word/numbering.xml and `footnotes` adds word/footnotes.xml with its relationship.
"""

import io
import zipfile
from html import escape

import docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = f'xmlns:w="{W}" xmlns:r="{R}"'
FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def run(text, *, bold=False, italic=False):
    properties = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return (f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else ''}"
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def p(content="", *, style=None, num=None, bold=False):
    """A paragraph; `content` is text or run XML (starting with "<"); `num` is (numId, level)."""
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        properties += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    body = content if content.startswith("<") else run(content, bold=bold)
    return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{body}</w:p>"


def heading(text, level=1):
    return p(text, style=f"Heading{level}")


def cell(content, *, span=1, merge=None):
    """A table cell; `merge` is "restart" or "continue" for a vertically merged cell."""
    properties = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>" if merge else "")
    inner = content if content.startswith("<w:p") or content.startswith("<w:tbl") else p(content)
    if content.startswith("<w:tbl"):
        inner += "<w:p/>"
    return f"<w:tc>{f'<w:tcPr>{properties}</w:tcPr>' if properties else ''}{inner}</w:tc>"


def table(rows):
    """A table from rows of cell XML (see `cell`) or plain strings."""
    xml_rows = "".join("<w:tr>" + "".join(c if c.startswith("<w:tc") else cell(c) for c in row) + "</w:tr>"
                       for row in rows)
    columns = max(sum(int(c.split('w:gridSpan w:val="')[1].split('"')[0]) if "gridSpan" in c else 1
                      for c in row) for row in rows)
    grid = "<w:tblGrid>" + '<w:gridCol w:w="2000"/>' * columns + "</w:tblGrid>"  # as Word writes it
    return f"<w:tbl><w:tblPr/>{grid}{xml_rows}</w:tbl>"


def numbering(*definitions):
    """numbering.xml with one abstract definition and one num per `definitions` item: (numId, [(numFmt,
    lvlText), … per level]). Numbers are 1-based as Word writes them."""
    abstracts, nums = [], []
    for num_id, levels in definitions:
        lvls = "".join(f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                       f'<w:lvlText w:val="{text}"/></w:lvl>' for n, (fmt, text) in enumerate(levels))
        abstracts.append(f'<w:abstractNum w:abstractNumId="{num_id + 100}">{lvls}</w:abstractNum>')
        nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{num_id + 100}"/></w:num>')
    return f'<w:numbering {NAMESPACES}>{"".join(abstracts)}{"".join(nums)}</w:numbering>'


def footnotes(notes):
    """footnotes.xml with Word's two separator notes and `notes`: {id: text}."""
    separators = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                  '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                  "</w:r></w:p></w:footnote>")
    items = "".join(f'<w:footnote w:id="{n}"><w:p><w:r><w:footnoteRef/></w:r>{run(" " + text)}</w:p></w:footnote>'
                    for n, text in notes.items())
    return f"<w:footnotes {NAMESPACES}>{separators}{items}</w:footnotes>"


def footnote_reference(note_id):
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


def style(style_id, name, *, outline_level=None, based_on=None):
    """A paragraph style definition, e.g. a custom chapter style with an outline level."""
    properties = f'<w:pPr><w:outlineLvl w:val="{outline_level}"/></w:pPr>' if outline_level is not None else ""
    parent = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f"{parent}{properties}</w:style>")


def word_file(*body, styles="", numbering_xml=None, footnotes_xml=None):
    """The bytes of a .docx whose body is the given paragraph and table XML."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>' \
               f'{"".join(body)}<w:sectPr/></w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = document.encode()
            elif info.filename == "word/styles.xml" and styles:
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
            elif info.filename == "word/numbering.xml" and numbering_xml:
                data = numbering_xml.encode()
            elif info.filename == "word/_rels/document.xml.rels" and footnotes_xml:
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdNotes" Type="{FOOTNOTES_TYPE}" '
                                    f'Target="footnotes.xml"/></Relationships>'.encode())
            elif info.filename == "[Content_Types].xml" and footnotes_xml:
                data = data.replace(b"</Types>", f'<Override PartName="/word/footnotes.xml" '
                                    f'ContentType="{FOOTNOTES_CONTENT}"/></Types>'.encode())
            target.writestr(info.filename, data)
        if footnotes_xml:
            target.writestr("word/footnotes.xml", footnotes_xml)
    return out.getvalue()


def character_style(style_id, name, *, bold=False, based_on=None):
    """A character style definition (used by runs through rStyle), e.g. Word's "Strong"."""
    parent = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val="{name}"/>{parent}{properties}'
            "</w:style>")


def styled_run(text, style_id):
    return f'<w:r><w:rPr><w:rStyle w:val="{style_id}"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
