"""Blocks of a chapter's body.

Paragraph, list and table blocks are *commentable*: each is shown with its stable key (the
block's UUID, which Wagtail keeps across revisions) and a number. Headings give structure and
are not commented on. Blocks render without queries: everything about comments
is loaded once by the chapter page.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import DEFAULT_TABLE_OPTIONS, TableBlock

from consultation.core.sanitize import html_to_plain_text, list_item_lines

INLINE_FEATURES = ["bold", "italic", "link", "superscript"]
# A list item may hold a nested list (an imported document's sublist).
LIST_ITEM_FEATURES = INLINE_FEATURES + ["ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    """One paragraph of the plan: the unit people comment on."""

    commentable = True

    def __init__(self, **kwargs):
        super().__init__(features=INLINE_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "consultation/blocks/paragraph.html"


class HeadingBlock(blocks.StructBlock):
    """A heading inside a chapter (the chapter's own title is its page title)."""

    commentable = False
    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading")), ("h4", _("Lower subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "consultation/blocks/heading.html"


# A numbered list's format, and the letter HTML's <ol type> gives it.
LIST_TYPES = {"decimal": "1", "decimal-paren": "1", "lower-alpha": "a", "lower-alpha-paren": "a",
              "upper-alpha": "A", "lower-roman": "i", "upper-roman": "I"}


class ListBlock(blocks.StructBlock):
    """A bulleted or numbered list, commented on as a whole."""

    commentable = True
    ordered = blocks.BooleanBlock(label=_("Numbered list"), required=False)
    numbering = blocks.ChoiceBlock(
        label=_("Numbering"), required=False, default="decimal",
        choices=[("decimal", "1. 2. 3."), ("decimal-paren", "1) 2) 3)"), ("lower-alpha", "a. b. c."),
                 ("lower-alpha-paren", "a) b) c)"), ("upper-alpha", "A. B. C."), ("lower-roman", "i. ii. iii."),
                 ("upper-roman", "I. II. III.")],
        help_text=_("For a numbered list."),
    )
    start = blocks.IntegerBlock(label=_("First number"), required=False, min_value=1, default=1,
                                help_text=_("For a numbered list that continues an earlier one."))
    items = blocks.ListBlock(blocks.RichTextBlock(features=LIST_ITEM_FEATURES), label=_("Items"))

    class Meta:
        icon = "list-ul"
        label = _("List")
        template = "consultation/blocks/list.html"


class IndicatorTableBlock(TableBlock):
    """A table (indicators, financial frame), commented on as a whole. Merged cells are allowed: an
    imported table keeps its merges, and the editor can make them too."""

    commentable = True

    def __init__(self, **kwargs):
        options = dict(DEFAULT_TABLE_OPTIONS, mergeCells=True,
                       contextMenu=[*DEFAULT_TABLE_OPTIONS["contextMenu"], "---------", "mergeCells"])
        super().__init__(table_options=options, **kwargs)

    def render(self, value, context=None):
        if not value:
            return ""
        new_context = dict(context or {})
        new_context.update({"self": value, "value": value, "table_caption": value.get("table_caption"),
                            **table_layout(value)})
        return render_to_string(self.meta.template, new_context)

    class Meta:
        icon = "table"
        label = _("Table")
        template = "consultation/blocks/table.html"


def table_layout(value):
    """The rows of a table value as cells to render: {"header_rows", "body_rows"}, each row a list
    of {"text", "rowspan", "colspan", "row_header"}, without the cells a merge covers.

    The header is the first row when the table has one, and as many more rows as its merged cells
    reach down: a header cell spanning two rows keeps the second header row in <thead> (a rowspan
    cannot cross from <thead> into <tbody>).
    """
    data = value.get("data") or []
    merges = [m for m in value.get("mergeCells") or () if m.get("rowspan", 1) > 1 or m.get("colspan", 1) > 1]
    spans = {(m["row"], m["col"]): (m["rowspan"], m["colspan"]) for m in merges}
    covered = {(meta["row"], meta["col"]) for meta in value.get("cell") or () if meta.get("hidden")}
    for merge in merges:
        covered.update((row, col) for row in range(merge["row"], merge["row"] + merge["rowspan"])
                       for col in range(merge["col"], merge["col"] + merge["colspan"]))
        covered.discard((merge["row"], merge["col"]))
    header_depth = 1 if value.get("first_row_is_table_header") and data else 0
    while any(m["row"] < header_depth < m["row"] + m["rowspan"] for m in merges):
        header_depth = max(m["row"] + m["rowspan"] for m in merges if m["row"] < header_depth)
    first_col_is_header = value.get("first_col_is_header", False)
    rows = []
    for r, row in enumerate(data):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            cells.append({"text": "" if text is None else text, "rowspan": rowspan, "colspan": colspan,
                          "row_header": first_col_is_header and c == 0})
        rows.append(cells)
    return {"header_rows": rows[:header_depth], "body_rows": rows[header_depth:]}


class ChapterBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    list = ListBlock()
    table = IndicatorTableBlock()


def is_commentable(bound_block):
    return getattr(bound_block.block, "commentable", False)


def block_plain_text(bound_block):
    """The text of one block as plain text: what a comment quotes and what the diff compares."""
    if bound_block.block_type == "table":
        rows = (bound_block.value or {}).get("data") or []
        return "\n".join(" | ".join(cell or "" for cell in row) for row in rows)
    if bound_block.block_type == "list":
        return "\n".join(f"{'  ' * depth}{'–' if depth else '•'} {text}"
                         for item in bound_block.value["items"] for depth, text in list_item_lines(item.source))
    if bound_block.block_type == "heading":
        return bound_block.value["text"]
    return html_to_plain_text(bound_block.value.source)
