"""Which view serves each route of the plan and chapter pages (see consultation.core.routes)."""

from consultation.core.routes import register
from consultation.public import chapter_views, mail_views, plan_views, report_views, version_views

ROUTES = {
    "plan.index": plan_views.plan_view,
    "plan.versions": version_views.versions_view,
    "plan.compare": version_views.compare_view,
    "plan.version": version_views.version_view,
    "plan.version_text": version_views.version_text_view,
    "plan.report": report_views.report_view,
    "plan.report_export": report_views.report_export_view,
    "plan.general_comment": chapter_views.general_comment_view,
    "chapter.index": chapter_views.chapter_view,
    "chapter.paragraph": chapter_views.paragraph_view,
    "chapter.comment": chapter_views.comment_view,
    "chapter.chapter_comment": chapter_views.chapter_comment_view,
    "chapter.reply": chapter_views.reply_view,
    "chapter.flag": chapter_views.report_view,
    "plan.flag": chapter_views.report_view,
    "plan.follow": mail_views.follow_view,
}


def register_routes():
    for name, view in ROUTES.items():
        register(name)(view)
