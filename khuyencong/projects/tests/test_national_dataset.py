"""The national data generator at a small scale: coherent money, history units mapped to
today's, scope respected, pages that render with its data."""

from django.db.models import F, Sum
from django.urls import reverse

from khuyencong.core.models import ChangeRecord
from khuyencong.projects.dataset import Sizes, generate
from khuyencong.projects.models import BudgetLine, MoneyMovement, Project
from khuyencong.registry.models import Establishment


def test_a_small_national_data_set(client, world):
    counts = generate(
        seed=7,
        sizes=Sizes(establishments=70, projects=140, first_year=2010, last_year=2025),
        out=lambda _line: None,
    )
    assert counts["projects.Project"] == 140 and counts["registry.Establishment"] == 70
    generated = Project.objects.filter(approval_number__endswith="/QĐ").exclude(
        code__startswith="DP-33-2026"
    )
    assert generated.values("province").distinct().count() == 34
    assert ChangeRecord.objects.filter(user_label="generate_national_dataset").count() >= 210
    # The decree in force on the approval date.
    assert not generated.filter(approved_on__year__lt=2012, legal_basis__code="nd-45-2012").exists()
    assert not generated.filter(
        approved_on__year__gte=2013, legal_basis__code="nd-134-2004"
    ).exists()
    # Units of the time are mapped to today's province.
    thai_binh = generated.filter(province_then__name="Thái Bình").first()
    if thai_binh is not None:
        assert thai_binh.province.name == "Hưng Yên"
    # Money: disbursed never above approved; settled projects fully settled.
    approved = dict(
        BudgetLine.objects.filter(project__in=generated, source__is_state_budget=True)
        .values_list("project")
        .annotate(total=Sum("approved_vnd"))
    )
    disbursed = dict(
        MoneyMovement.objects.filter(project__in=generated)
        .values_list("project")
        .annotate(total=Sum("amount_vnd"))
    )
    assert all(disbursed[p] <= approved[p] for p in disbursed)
    assert not BudgetLine.objects.filter(settled_vnd__gt=F("approved_vnd")).exists()
    assert not Establishment.objects.filter(women_workers__gt=F("workers")).exists()
    # Pages render, and a provincial officer sees only their province.
    client.force_login(world.users["officer"])
    page = client.get(reverse("projects:list"))
    assert page.status_code == 200
    assert {p.province_id for p in page.context["page_obj"]} <= {world.hung_yen.pk}
    project = generated.filter(province=world.hung_yen).first()
    assert client.get(project.get_absolute_url()).status_code == 200
    client.force_login(world.users["other_officer"])
    assert client.get(project.get_absolute_url()).status_code == 404
    # Codes continue after the generated ones.
    created = world.project(
        year=2025, activity_content=project.activity_content, is_historical=True
    )
    assert created.code not in set(generated.values_list("code", flat=True))
