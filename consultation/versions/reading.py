"""Reading a plan's numbered versions back, and their plain-text form and fingerprint."""

import hashlib
from dataclasses import dataclass, field

from consultation.models.blocks import (
    ChapterBodyBlock,
    block_plain_text,
    is_commentable,
)
from consultation.models.pages import numbered_title

_body_block = ChapterBodyBlock()


@dataclass
class VersionBlock:
    """A block of a chapter as it stood in a version."""

    key: str
    kind: str
    number: int | None  # paragraph number; None for headings
    text: str
    bound_block: object = None


@dataclass
class VersionChapter:
    chapter_page_id: int
    number: int
    title: str
    slug: str
    blocks: list = field(default_factory=list)

    @property
    def paragraphs(self):
        return [b for b in self.blocks if b.number is not None]

    @property
    def numbered_title(self):
        return numbered_title(self.number, self.title)


def read_blocks(raw_body):
    """Blocks of a stored body (raw stream data), numbered as the chapter page numbers them."""
    number = 0
    blocks = []
    for bound_block in _body_block.to_python(raw_body):
        commentable = is_commentable(bound_block)
        if commentable:
            number += 1
        blocks.append(VersionBlock(
            key=str(bound_block.id), kind=bound_block.block_type, number=number if commentable else None,
            text=block_plain_text(bound_block), bound_block=bound_block,
        ))
    return blocks


def read_version(version):
    """The chapters of a version, in order (uses `version.chapters`, prefetch it for one query)."""
    return [
        VersionChapter(chapter_page_id=c.chapter_page_id, number=c.number, title=c.title, slug=c.slug,
                       blocks=read_blocks(c.body))
        for c in version.chapters.all()
    ]


def plain_text(plan_title, chapters):
    """The documented plain-text form of a version, from which its fingerprint is computed.

    UTF-8, lines separated by "\\n": the plan's title; then for each chapter a blank line,
    "Rozdział <number>. <title>", and each block's text preceded by a blank line, paragraphs
    prefixed with "§ <number> ". The text ends with one newline.
    """
    lines = [plan_title]
    for chapter in chapters:
        lines += ["", f"Rozdział {chapter.number}. {chapter.title}"]
        for block in chapter.blocks:
            prefix = f"§ {block.number} " if block.number is not None else ""
            lines += ["", prefix + block.text]
    return "\n".join(lines) + "\n"


def fingerprint(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_text(version):
    return plain_text(version.plan.title, read_version(version))
