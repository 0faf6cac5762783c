import factory

from khuyencong.accounts.models import Organisation, User
from khuyencong.accounts.roles import Role
from khuyencong.geo.models import Province


def current_province(name: str) -> Province:
    return Province.objects.current().get(name=name)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Trung tâm Khuyến công số {n}")
    kind = Organisation.Kind.EXTENSION_CENTRE
    province = factory.LazyFunction(lambda: current_province("Hưng Yên"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "Nguyễn Văn"
    first_name = factory.Sequence(lambda n: f"An {n}")
    role = Role.PROVINCIAL_OFFICER
    province = factory.LazyFunction(lambda: current_province("Hưng Yên"))
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-Thu-nghiem-1")

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes.set(extracted)
        if create:
            self.save()
