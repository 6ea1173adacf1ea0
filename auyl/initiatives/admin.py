"""Django admin for civic projects: administrators may look; changes go through the services.

Ballots and the turnout roll are deliberately not registered: the roll is read on its own staff page
(who voted, never for what) and ballots are only ever read as a whole, to count them.
"""

from django.contrib import admin

from auyl.core.admin import ReadOnlyAdmin

from .models import Campaign, Proposal


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "territory",
        "year",
        "amount",
        "ballot_type",
        "rule",
        "voting_until",
        "published_at",
    )
    list_filter = ("ballot_type", "rule", "funding_source", "is_imported")
    search_fields = ("title", "territory__code")
    raw_id_fields = ("territory", "created_by")


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "number", "title", "category", "status", "estimated_cost", "reviewed_cost")
    list_filter = ("status", "category", "channel")
    search_fields = ("title", "campaign__title")
    raw_id_fields = ("campaign", "settlement", "author", "submitted_by", "reviewed_by")
