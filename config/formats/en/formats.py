# Polku's English is read in Finland: day.month.year, as in Finnish and
# Swedish, never the US month/day order.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j.n.Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j.n.Y H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]
FIRST_DAY_OF_WEEK = 1
