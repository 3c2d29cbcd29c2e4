from consultation.models.comments import CommenterKind, CommentFlag, CommentStatus, ParagraphComment
from consultation.models.pages import ChapterPage, Paragraph, Phase, PlanPage
from consultation.models.responses import Disposition, OfficialResponse
from consultation.models.stats import FIRST_THREADS_KEPT, ParagraphStats
from consultation.models.versions import (
    AdoptingBody,
    Adoption,
    Erratum,
    PlanVersion,
    PlanVersionChapter,
    ReportPublication,
)

__all__ = [
    "AdoptingBody",
    "Adoption",
    "Erratum",
    "PlanVersion",
    "PlanVersionChapter",
    "ReportPublication",
    "ChapterPage",
    "CommentFlag",
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
