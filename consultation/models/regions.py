"""Regions on one installation: each voivodeship's own home, teams and plans (issue 16).

A region is a home page (its own Wagtail Site, or a path on a shared host) and the groups of its teams.
Its plans are the plan pages under its home. A person acts on a plan only through the teams of its
region (`plans/rules.py`); a super-administrator acts everywhere.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, Page

# The roles of an installation's first teams (migration 0002 and later); each new region gets a group
# of each (regions.actions.create_region).
DEFAULT_TEAMS = ["Komunikacja", "Eksperci", "Koordynatorzy", "Zarząd"]


class Region(models.Model):
    name = models.CharField(_("region"), max_length=100, unique=True,
                            help_text=_("The voivodeship, as in “województwo lubelskie”: “lubelskie”."))
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    home = models.OneToOneField(Page, on_delete=models.PROTECT, related_name="+", verbose_name=_("home page"))
    teams = models.ManyToManyField(Group, related_name="regions", blank=True, verbose_name=_("teams"),
                                   help_text=_("The groups whose members work for this region."))
    # Its documents: a collection with "Dokumenty niepubliczne" and "Uchwały" inside. None for the first
    # region of an installation, whose documents are in the top-level collections of those names.
    collection = models.ForeignKey(Collection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("collection"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


def region_paths(user):
    """The tree paths of the homes of the regions `user` works for (one query); None for one who works
    for all of them: a super-administrator, or a member of every region's teams (an installation with
    one region), whose views need no narrowing."""
    if user is None or not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    homes = dict(Region.objects.order_by().annotate(
        member=models.Exists(Region.teams.through.objects.filter(
            region_id=models.OuterRef("pk"), group__user=user))).values_list("home__path", "member"))
    mine = [path for path, member in homes.items() if member]
    return None if homes and len(mine) == len(homes) else mine


def home_paths():
    """The tree paths of every region's home: one query."""
    return list(Region.objects.values_list("home__path", flat=True))


def home_path_of(page_path, homes):
    """The home (of `homes`) a page belongs to: the deepest one above it, as a region on a path of
    another region's site lies under that region's home. None when none is."""
    above = [home for home in homes if page_path.startswith(home)]
    return max(above, key=len) if above else None


def in_regions(paths, page_path):
    """Whether a page belongs to one of the regions whose homes are `paths` (None: to any)."""
    if paths is None:
        return True
    return home_path_of(page_path, home_paths()) in paths


def under_regions(paths, field="path"):
    """A condition (Q) on pages whose `field` puts them in one of the regions whose homes are `paths`
    (None: no condition): under one of those homes and not under another region's home deeper down."""
    if paths is None:
        return models.Q()
    condition = models.Q(pk__in=[])
    for path in paths:
        condition |= models.Q(**{f"{field}__startswith": path})
    for home in home_paths():
        if home not in paths and any(home.startswith(path) for path in paths):
            condition &= ~models.Q(**{f"{field}__startswith": home})
    return condition


def region_of(page):
    """The region a page belongs to, or None."""
    homes = [page.path[:length] for length in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    return Region.objects.filter(home__path__in=homes).order_by("-home__depth").first()


def documents_collection_of(page):
    """The collection under which a plan's (or chapter's) documents are kept: its region's, or the
    top-level one (None) for the first region and for pages outside any region."""
    region = region_of(page)
    return region.collection if region is not None else None
