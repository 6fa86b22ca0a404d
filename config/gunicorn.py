"""Gunicorn settings shared by the Dockerfile and docker-compose.yml.

The access log records the path without its query string (%(U)s, not %(r)s):
an address must never carry an identity code or other personal data into a
log file. Polku's own forms POST such values; this guards everything else.
"""

access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'
