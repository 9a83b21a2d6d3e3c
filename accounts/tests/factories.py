"""Factories shared by every app's tests. No hidden behaviour: a user gets exactly the roles asked."""

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role

PASSWORD = "demo-lsp-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@contoh.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=str(role)))
        if create:
            self.save()


def make_user(*roles: Role | str, **fields) -> User:
    return UserFactory(roles=list(roles), **fields)


def make_members(n: int = 3) -> list[User]:
    """Technical team members (tim teknis), distinct names."""
    return [make_user(Role.TIM_TEKNIS, full_name=f"Anggota Teknis {UserFactory._meta.next_sequence()}")
            for _ in range(n)]
