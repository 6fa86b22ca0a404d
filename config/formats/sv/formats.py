# Finland-Swedish writes dates as in Finnish (1.3.2021), not Sweden's ISO
# style; numbers use a decimal comma and a space between thousands.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j.n.Y"
DATETIME_FORMAT = "j F Y 'kl.' H.i"
SHORT_DATETIME_FORMAT = "j.n.Y H.i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
