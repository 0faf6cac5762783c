"""The letterhead a frozen report is printed under: the one stored with the submission, or, for a
submission stored without one, the submitter's rebuilt as on the day of submission."""

from __future__ import annotations

from khuyencong.reports.letterhead import Letterhead, letterhead_for


def letterhead_of(submission) -> Letterhead:
    if submission.letterhead:
        return Letterhead.from_dict(submission.letterhead)
    return letterhead_for(submission.submitted_by, submission.province, day=submission.submitted_on)
