"""Who may do what: staff of another rural district can do nothing here, roles split the path."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from auyl.budget import selectors, services
from auyl.budget.execution import ActualEntry
from auyl.budget.models import Actual, Budget, Status

from .conftest import TODAY, YEAR

pytestmark = pytest.mark.usefixtures("english")


def test_staff_of_another_rural_district_can_do_nothing_here(make_budget, staff, tree):
    other = staff["akim_b"]
    with pytest.raises(PermissionDenied):
        services.create_budget(actor=other, territory=tree["rd_a"], year=YEAR + 1)
    draft = make_budget("planned")
    version = draft.versions.get()
    with pytest.raises(PermissionDenied):
        services.save_plan(actor=other, version=version, revenue={"fees": "1"}, expenditure={})
    with pytest.raises(PermissionDenied):
        services.publish(actor=other, version=version, published_on=TODAY)
    assert version.lines.count() == 10 and Budget.objects.count() == 1
    assert list(selectors.budgets_visible_to(other)) == []
    with pytest.raises(PermissionDenied):
        selectors.budget_for(other, tree["rd_a"], YEAR)


def test_another_district_cannot_record_actuals_or_import(make_budget, staff):
    budget = make_budget("executing")
    with pytest.raises(PermissionDenied):
        services.record_actuals(
            actor=staff["executor_b"], budget=budget, entries=[ActualEntry("revenue", "fees", 1, Decimal(1))]
        )
    with pytest.raises(PermissionDenied):
        services.import_actuals(
            actor=staff["executor_b"],
            budget=budget,
            uploaded_file=SimpleUploadedFile(
                "a.csv", b"section,code,period,amount\nrevenue,fees,2030-01,1\n"
            ),
        )
    assert not Actual.objects.exists()


def test_the_district_records_the_maslikhat_decision_but_does_not_draft(make_budget, staff, tree):
    with pytest.raises(PermissionDenied):
        services.create_budget(actor=staff["district"], territory=tree["rd_a"], year=YEAR)
    version = make_budget("agreed").versions.get()
    version = services.record_approval(
        actor=staff["district"], version=version, approved_on=TODAY, number="1"
    )
    assert version.status == Status.APPROVED


def test_an_executor_prepares_and_executes_but_does_not_record_approvals(make_budget, staff):
    version = make_budget("published").versions.get()
    with pytest.raises(PermissionDenied):
        services.record_agreement(actor=staff["executor"], version=version, agreed_on=TODAY, number="1")
    with pytest.raises(PermissionDenied):
        services.record_agreement(actor=staff["registrar"], version=version, agreed_on=TODAY, number="1")


def test_readers_see_only_their_territory(make_budget, staff, tree):
    make_budget("draft")
    make_budget("draft", territory=tree["rd_b"])
    assert {b.territory.code for b in selectors.budgets_visible_to(staff["auditor"])} == {"111033000"}
    assert {b.territory.code for b in selectors.budgets_visible_to(staff["district"])} == {
        "111033000",
        "111035000",
    }
    assert [u.code for u in selectors.units_for(staff["akim_b"])] == ["111035000"]


def test_an_anonymous_or_resident_actor_is_refused(make_budget, resident_user, tree):
    from django.contrib.auth.models import AnonymousUser

    for actor in (AnonymousUser(), resident_user, None):
        with pytest.raises(PermissionDenied):
            services.create_budget(actor=actor, territory=tree["rd_a"], year=YEAR)
