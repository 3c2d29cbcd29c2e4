"""Creating a region: its home, its site or path, its teams with their rights, its collections, its review
workflow and drafts of its statutory pages, in one logged transaction (issue 16)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from consultation.core.documents import PRIVATE_COLLECTION, RESOLUTIONS_COLLECTION
from consultation.core.refusals import Refused
from consultation.models.regions import DEFAULT_TEAMS, Region
from consultation.plans.rules import require


def team_name(role, region_name):
    return f"{role} — {region_name}"


def create_region(name, *, by, hostname="", port=80, title="", slug=""):
    """A new region `name` ("opolskie"), by an administrator.

    Its home is the root of a new Wagtail Site at `hostname`, or, without one, a page under the default
    site's home (a path on the shared host). Each role of the installation's first teams (DEFAULT_TEAMS)
    gets a group of this region with the same rights, its page rights on this home only and its document
    rights in this region's collection, whose private part only the region's teams may open. Plans of
    the region are reviewed by the region's experts. The privacy notice and the accessibility statement
    are copied from an existing region as drafts for the region to complete and publish.
    Refused for anyone but an administrator, for a name, address or hostname already taken."""
    require(by is not None and by.is_active and by.is_superuser, _("Only an administrator can create a region."))
    name = " ".join((name or "").split())
    require(name, _("Give the region's name."))
    slug = slugify((slug or name).replace("ł", "l").replace("Ł", "L"))
    require(slug, _("Give the region an address made of letters or digits."))
    hostname = (hostname or "").strip().lower()
    with transaction.atomic():
        require(not Region.objects.filter(name__iexact=name).exists(),
                _("A region named %(name)s already exists.") % {"name": name})
        require(not Region.objects.filter(slug=slug).exists(),
                _("The address %(slug)s is already a region's.") % {"slug": slug})
        require(not hostname or not Site.objects.filter(hostname=hostname, port=port).exists(),
                _("The site %(host)s already exists.") % {"host": hostname})
        home = _add_home(name, slug, title, hostname, port)
        region = Region.objects.create(name=name, slug=slug, home=home, collection=_add_collections(name))
        teams = _add_teams(region)
        _restrict_private_documents(region, teams.values())
        _add_review_workflow(region, teams["Eksperci"])
        _copy_statutory_pages(home)
        log(instance=home, action="drogowskaz.region.create", user=by,
            data={"region": name, "hostname": hostname, "teams": [team.name for team in teams.values()]})
    return region


def _add_home(name, slug, title, hostname, port):
    from home.models import (
        HomePage,  # the home app's page type; home depends on this app, not the reverse
    )

    title = title or _("Public consultations of the %(region)s region") % {"region": name}
    if hostname:
        parent = Page.get_first_root_node()
    else:
        default = Site.objects.filter(is_default_site=True).first()
        if default is None:
            raise Refused(_("Give the region a hostname: there is no default site to give it a path on."))
        parent = default.root_page
    if parent.get_children().filter(slug=slug).exists():
        raise Refused(_("The address %(slug)s is already taken.") % {"slug": slug})
    home = parent.add_child(instance=HomePage(title=title, slug=slug))
    home.save_revision().publish()
    if hostname:
        Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=title)
    return home


def _add_collections(name):
    region_collection = Collection.get_first_root_node().add_child(name=name)
    for child in (PRIVATE_COLLECTION, RESOLUTIONS_COLLECTION):
        Collection.objects.get(pk=region_collection.pk).add_child(name=child)
    return Collection.objects.get(pk=region_collection.pk)  # read again: treebeard's copy has no children


def _add_teams(region):
    """A group per role ({role: group}), with the rights the installation's group of that role has: model
    rights as they are, page rights on this region's home, document rights on this region's collection."""
    teams = {}
    for role in DEFAULT_TEAMS:
        model = Group.objects.filter(name=role).first()
        team = Group.objects.create(name=team_name(role, region.name))
        if model is not None:
            team.permissions.set(model.permissions.all())
            for codename in set(GroupPagePermission.objects.filter(group=model)
                                .values_list("permission__codename", flat=True)):
                GroupPagePermission.objects.create(
                    group=team, page=region.home,
                    permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename))
            for permission_id in set(GroupCollectionPermission.objects.filter(group=model)
                                     .values_list("permission_id", flat=True)):
                GroupCollectionPermission.objects.create(group=team, collection=region.collection,
                                                         permission_id=permission_id)
        teams[role] = team
    region.teams.set(teams.values())
    return teams


def _restrict_private_documents(region, teams):
    """Every team of the region, and no one else, opens its private documents (scans of comments,
    resolutions before adoption)."""
    private = region.collection.get_children().get(name=PRIVATE_COLLECTION)
    # Access is by group membership, not a password.
    restriction = CollectionViewRestriction.objects.create(collection=private, restriction_type="groups",
                                                           password="")  # nosec B106
    restriction.groups.set(teams)


def _add_review_workflow(region, experts):
    task = GroupApprovalTask.objects.create(name=_("Experts' review — %(region)s") % {"region": region.name})
    task.groups.set([experts])
    workflow = Workflow.objects.create(name=_("Review of plans — %(region)s") % {"region": region.name})
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=region.home, workflow=workflow)


def _copy_statutory_pages(home):
    from home.models import AccessibilityStatementPage, PrivacyNoticePage

    for page_type in (PrivacyNoticePage, AccessibilityStatementPage):
        model = page_type.objects.live().order_by("path").first()
        if model is not None:
            model.copy(to=home, update_attrs={"live": False, "slug": model.slug}, keep_live=False,
                       copy_revisions=False, log_action=None)
