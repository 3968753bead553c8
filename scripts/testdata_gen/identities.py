"""Synthetic PHI: every value is fictional and every canary is unique across the set.

Surnames are built from syllables that do not form common words, so a canary found in a log or an
output file can only have come from a sample packet.
"""

import random

FIRST_NAMES = [
    "Odalys", "Thaddeus", "Perpetua", "Leocadia", "Ignatius", "Berenike", "Casimir", "Theodora",
    "Evander", "Rosalind", "Florentin", "Imelda", "Lysander", "Octavia", "Peregrine", "Wilhelmina",
    "Anselm", "Clementine", "Desmond", "Henrietta", "Ambrose", "Marisol", "Fenwick", "Ottilie",
    "Barnaby", "Seraphine", "Cornelius", "Philippa", "Horatio", "Eulalia", "Leopold", "Genoveva",
]
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTVW"
SURNAME_HEADS = ["Quil", "Brax", "Zeph", "Morv", "Tark", "Vosk", "Hald", "Orst", "Pelg", "Drusk",
                 "Kelv", "Yarb", "Faunt", "Glim", "Xant", "Wobb"]
SURNAME_MIDS = ["an", "or", "el", "ith", "um", "ar", "ov", "eg"]
SURNAME_TAILS = ["wick", "stead", "ovich", "berg", "mont", "thorpe", "quist", "hollow", "ridge", "ski"]

CLINIC_WORDS = [
    ("Quarry Lane", "Family Practice"), ("Bellwether", "Orthopedic Associates"),
    ("Tidewater", "Imaging Partners"), ("Foxglove", "Internal Medicine"),
    ("Copperbeech", "Pediatrics"), ("Larkspur", "Cardiology Group"),
    ("Marrowstone", "Clinical Laboratory"), ("Pinecrest", "Health Records Services"),
    ("Saltmarsh", "Neurology Clinic"), ("Juniper Hill", "Women's Health"),
]
STREETS = ["Alder Row", "Kestrel Way", "Millpond Rd", "Ashgrove Ave", "Cinder St", "Heron Ct",
           "Wexford Blvd", "Thistle Ln"]
CITIES = [("Brookhaven", "OR", "97455"), ("Ridgefield", "WA", "98642"), ("Lakemont", "NY", "14857"),
          ("Fairmount", "IN", "46928"), ("Clearwater Bay", "ME", "04987")]
AREA_CODES = ["207", "312", "415", "503", "608", "716", "802", "919"]
PAYERS = ["Cobalt Mutual Health", "Evergreen Benefit Plan", "Northstar Care Alliance",
          "Meridian Shield Insurance"]


def npi_check_digit(first_nine):
    """Luhn check digit of an NPI: the Luhn sum is computed over '80840' + the first nine digits."""
    digits = [int(c) for c in "80840" + first_nine]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:  # rightmost payload digit is doubled, the check digit being appended
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def npi_is_valid(npi):
    return len(npi) == 10 and npi.isdigit() and npi_check_digit(npi[:9]) == npi[9]


class IdentityPool:
    """Hands out unique names, MRNs, phones and NPIs from one seeded generator."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.used = set()

    def reseed(self, seed):
        """Restarts the random stream (per packet, so adding a packet leaves the others alone)
        while keeping the set of values already handed out."""
        self.rng = random.Random(seed)

    def _unique(self, make):
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value

    def surname(self):
        r = self.rng
        return self._unique(lambda: r.choice(SURNAME_HEADS) + r.choice(SURNAME_MIDS) + r.choice(SURNAME_TAILS))

    def person(self):
        first = self.rng.choice(FIRST_NAMES)
        return {"first": first, "middle": self.rng.choice(MIDDLE_INITIALS), "last": self.surname()}

    def mrn(self):
        r = self.rng
        return self._unique(lambda: str(r.randint(3, 9)) + "".join(str(r.randint(0, 9)) for _ in range(7)))

    def member_id(self):
        r = self.rng
        return self._unique(lambda: "".join(r.choice("BCDFGHKMNPRSTVWXZ") for _ in range(3))
                            + "".join(str(r.randint(0, 9)) for _ in range(9)))

    def phone(self):
        """A NANP number reserved for fiction: 555-0100 to 555-0199, unique across the set."""
        r = self.rng
        return self._unique(lambda: "(%s) 555-01%02d" % (r.choice(AREA_CODES), r.randint(0, 99)))

    def npi(self, valid=True):
        r = self.rng

        def make():
            first_nine = "1" + "".join(str(r.randint(0, 9)) for _ in range(8))
            check = npi_check_digit(first_nine)
            if not valid:
                check = str((int(check) + r.randint(1, 9)) % 10)
            return first_nine + check
        return self._unique(make)

    def clinic(self):
        r = self.rng
        head, tail = r.choice(CLINIC_WORDS)
        city, state, zipcode = r.choice(CITIES)
        return {"name": "%s %s" % (head, tail),
                "street": "%d %s" % (r.randint(12, 4890), r.choice(STREETS)),
                "city": "%s, %s %s" % (city, state, zipcode),
                "phone": self.phone(), "fax": self.phone()}

    def payer(self):
        return self.rng.choice(PAYERS)
