"""What `cases` tells the apps built on it.

`cases` sits below partners, pilots, appropriations and reporting and never
imports them. When something those apps care about happens in a case, a
service here sends one of these signals and the app above subscribes in its
AppConfig.ready(). Each signal documents its arguments and whether it is sent
inside the writing transaction (receivers' writes commit or roll back with
it) or after commit (receivers may queue background work).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent after the transaction that changed a jobseeker's facts commits (a
# registration, an edited fact, a new job search, a case closed or reopened).
# Arguments: jobseeker_id: int. Receivers queue work (pilot eligibility is
# evaluated again); they must not assume the request is still running.
jobseeker_facts_changed = Signal()

# Sent inside the transaction that closes a case, after the case's own rows
# (job search period, services, steps) are closed and before it commits.
# Arguments: case: cases.models.Case, on: datetime.date, actor: accounts User.
# Receivers end what hangs on the case (partner referrals) in the same
# transaction, so a failure rolls the closing back as a whole.
case_closing = Signal()

# Sent inside the transaction that anonymises jobseekers (retention), after
# cases has blanked its own free text about them and before it commits.
# Arguments: jobseeker_ids: list[int]. Receivers blank the free text they
# keep about those people's cases (a referral's purpose) in the same
# transaction.
jobseekers_anonymising = Signal()
