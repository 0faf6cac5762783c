"""REST API of typical-product rounds, entries and results (certificates). Reads go through the
selectors (another province's round is a 404; jurors see their entries only); jurors post their
scores through `POST /contest-entries/{id}/scores/`, which the scoring service checks."""

from khuyencong.contests.api.views import (
    CertificateViewSet,
    EntryViewSet,
    RoundViewSet,
)

__all__ = ["CertificateViewSet", "EntryViewSet", "RoundViewSet"]
