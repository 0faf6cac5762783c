import datetime

import factory

from khuyencong.geo.models import Commune
from khuyencong.policy.models import EstablishmentKind
from khuyencong.registry.models import (
    Artisan,
    Collaborator,
    CraftVillage,
    Establishment,
    EstablishmentRevenue,
)


def commune_of(province_name: str, index: int = 0) -> Commune:
    return Commune.objects.current().filter(province__name=province_name).order_by("code")[index]


def kind(code: str = "enterprise") -> EstablishmentKind:
    return EstablishmentKind.objects.get(code=code)


class CraftVillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CraftVillage

    name = factory.Sequence(lambda n: f"Làng nghề thêu ren số {n}")
    commune = factory.LazyFunction(lambda: commune_of("Hưng Yên"))
    province = factory.LazyAttribute(lambda o: o.commune.province)
    trade = "Thêu ren"
    year_recognised = 2010


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    name = factory.Sequence(lambda n: f"Công ty TNHH Thủ công số {n}")
    kind = factory.LazyFunction(kind)
    tax_code = factory.Sequence(lambda n: f"09{n:08d}")
    commune = factory.LazyFunction(lambda: commune_of("Hưng Yên"))
    province = factory.LazyAttribute(lambda o: o.commune.province)
    sector = "handicrafts"
    workers = 10
    women_workers = 4


class RevenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EstablishmentRevenue

    establishment = factory.SubFactory(EstablishmentFactory)
    year = 2023
    amount = 1_500_000_000


class ArtisanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artisan

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Nghệ {n}")
    title = Artisan.Title.PROVINCIAL
    trade = "Thêu ren"
    establishment = factory.SubFactory(EstablishmentFactory)
    province = factory.LazyAttribute(lambda o: o.establishment.province)


class CollaboratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaborator
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Trần Thị Cộng {n}")
    province = factory.LazyFunction(lambda: commune_of("Hưng Yên").province)
    active_from = datetime.date(2024, 1, 1)

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes.set(extracted)


def formset_data(prefix: str, rows: list[dict], extra: int = 1) -> dict:
    """POST data of a formset with these rows (and `extra` empty ones)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def establishment_form_data(commune, *, revenues: list[dict] | None = None, **values) -> dict:
    data = {
        "name": "Công ty TNHH Mây tre đan Hưng Phát",
        "kind": kind("enterprise").pk,
        "tax_code": "0901234567",
        "commune": commune.pk if commune is not None else "",
        "sector": "handicrafts",
        "ethnicity": "Kinh",
        "workers": "20",
        "women_workers": "12",
        "status": "active",
        **values,
    }
    return {
        **{k: v for k, v in data.items() if v is not None},
        **formset_data("revenues", revenues or []),
    }
