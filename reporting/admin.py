"""Nothing of reporting is edited in the admin: indicator definitions are
data loaded by migration, figures are computed, and survey answers come only
through the survey's links (reporting.surveys), never typed in."""
