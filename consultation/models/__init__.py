from consultation.models.comments import (
    Channel,
    CommentCorrection,
    InternalNote,
    CommenterKind,
    CommentFlag,
    CommentScope,
    CommentStatus,
    ParagraphComment,
    RejectionCategory,
)
from consultation.models.legal_basis import LateCommentRule, LegalBasis
from consultation.models.mail import MailOptOut, MailState, OutgoingMail, PlanFollower
from consultation.models.meetings import ConsultationMeeting
from consultation.models.pages import ChapterPage, Paragraph, Phase, PlanPage
from consultation.models.regions import Region
from consultation.models.responses import Disposition, OfficialResponse, ReviewState
from consultation.models.search import PlanText
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
    "FIRST_THREADS_KEPT",
    "AdoptingBody",
    "Adoption",
    "Channel",
    "ChapterPage",
    "CommentCorrection",
    "InternalNote",
    "CommentFlag",
    "CommentScope",
    "CommentStatus",
    "CommenterKind",
    "ConsultationMeeting",
    "Disposition",
    "Erratum",
    "LateCommentRule",
    "LegalBasis",
    "MailOptOut",
    "MailState",
    "OutgoingMail",
    "PlanFollower",
    "ReviewState",
    "OfficialResponse",
    "Paragraph",
    "PlanText",
    "Region",
    "ParagraphComment",
    "ParagraphStats",
    "Phase",
    "PlanPage",
    "PlanVersion",
    "PlanVersionChapter",
    "RejectionCategory",
    "ReportPublication",
]
