from .comments import CommenterKind, CommentReport, CommentStatus, ParagraphComment
from .pages import ChapterPage, Paragraph, Phase, PlanPage
from .responses import Disposition, OfficialResponse

__all__ = [
    "ChapterPage",
    "CommentReport",
    "CommentStatus",
    "CommenterKind",
    "Disposition",
    "OfficialResponse",
    "Paragraph",
    "ParagraphComment",
    "Phase",
    "PlanPage",
]
