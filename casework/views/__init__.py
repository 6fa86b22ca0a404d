"""Pages that combine the apps: home, worklist, search, the jobseeker page,
referrals and the partner worker's view of shared cases."""
