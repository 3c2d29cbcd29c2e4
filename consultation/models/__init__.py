from .comments import CommenterKind, CommentReport, CommentStatus, ParagraphComment
from .pages import ChapterPage, Paragraph, Phase, PlanPage
from .stats import FIRST_THREADS_KEPT, ParagraphStats
from .responses import Disposition, OfficialResponse
from .versions import AdoptingBody, Adoption, PlanVersion, PlanVersionChapter, ReportPublication

__all__ = [
    "AdoptingBody",
    "Adoption",
    "PlanVersion",
    "PlanVersionChapter",
    "ReportPublication",
    "ChapterPage",
    "CommentReport",
    "CommentStatus",
    "CommenterKind",
    "Disposition",
    "OfficialResponse",
    "Paragraph",
    "ParagraphComment",
    "ParagraphStats",
    "FIRST_THREADS_KEPT",
    "Phase",
    "PlanPage",
]
