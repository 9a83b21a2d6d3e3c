"""The roles of DESIGN.md, as Django groups (created by a data migration)."""

from django.db import models


class Role(models.TextChoices):
    PEMOHON = "pemohon", "Pemohon / Asesi"
    STAF = "staf", "Admin LSP (staf)"
    ASESOR = "asesor", "Asesor"
    TIM_TEKNIS = "tim_teknis", "Tim Teknis"
    TIM_BANDING = "tim_banding", "Tim Banding"
    DIREKTUR = "direktur", "Direktur / Ketua LSP"


def members_of(*roles: str):
    """Active users holding any of `roles`, as a queryset without DISTINCT.

    The group ids are looked up first and given to the membership subquery as constants: joined
    by group name, PostgreSQL estimates the average group's size (a third of 100k users once
    applicants are counted) and scans every user to find the dozen panel or team members."""
    from django.contrib.auth.models import Group

    from accounts.models import User

    group_ids = list(Group.objects.filter(name__in=[str(r) for r in roles]).values_list("id", flat=True))
    memberships = User.groups.through.objects.filter(group_id__in=group_ids).values("user_id")
    return User.objects.filter(pk__in=memberships, is_active=True)
