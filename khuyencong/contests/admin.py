from django.contrib import admin

from khuyencong.contests.models import Certificate, ConflictOfInterest, Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("title", "level", "year", "status")
    list_filter = ("level", "status", "year")
    search_fields = ("title",)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "level", "year", "issued_on", "valid_until")
    list_filter = ("level", "year")


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ("round", "juror", "establishment", "reason")
