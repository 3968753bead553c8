"""Builds one logical document record: its printed field values (with their normalized truth),
deliberate invalid values, signature, checkboxes and the layout-specific filler content."""

import datetime

from . import dates
from .forms import LAYOUTS

SPECIALTIES = ["Cardiology", "Orthopedic Surgery", "Neurology", "Gastroenterology", "Dermatology",
               "Endocrinology", "Pulmonology", "Rheumatology"]
REASONS = [
    "Evaluation of intermittent chest pressure on exertion for three months; resting ECG shows "
    "nonspecific ST changes. Please assess for ischemic heart disease and advise on stress testing.",
    "Persistent right knee pain and swelling after a fall six weeks ago, limited flexion, no "
    "improvement with physical therapy. Requesting orthopedic evaluation and imaging review.",
    "Recurrent migraine with aura, increasing in frequency despite two preventive agents. Please "
    "evaluate and recommend further management.",
    "Iron deficiency anemia with positive fecal immunochemical test. Requesting colonoscopy and "
    "gastroenterology consultation.",
    "Poorly controlled type 2 diabetes (HbA1c 9.4%) on two oral agents; please evaluate for insulin "
    "initiation and diabetes education.",
]
HISTORY = [
    "Past medical history includes hypertension, hyperlipidemia and seasonal allergies. No prior "
    "surgeries other than appendectomy in childhood. Non-smoker, occasional alcohol.",
    "Family history is notable for coronary artery disease in the father and type 2 diabetes in the "
    "mother. The patient lives independently and works full time.",
    "Review of systems otherwise negative. Vital signs at last visit: BP 138/86, HR 78, BMI 29.1. "
    "Recent labs are attached to this referral for your review.",
]
MEDICATIONS = ["Lisinopril 10 mg daily", "Atorvastatin 20 mg nightly", "Metformin 500 mg twice daily",
               "Cetirizine 10 mg as needed", "Vitamin D3 2000 IU daily"]
ICD10 = ["I10", "E78.5", "R07.89", "M25.561", "G43.109", "D50.9", "E11.65", "J30.2"]
PROCEDURES = ["Colonoscopy with possible biopsy", "Knee arthrocentesis and corticosteroid injection",
              "Skin lesion excision, left forearm", "Upper endoscopy (EGD)"]
CONSENT_CHOICES = [
    ["Treatment by my care team", "Telehealth visits", "Text message reminders", "Photography for my record"],
    ["Sedation as described", "Blood transfusion if needed", "Use of removed tissue for teaching"],
]
ROI_CHOICES = ["Laboratory results", "Imaging reports", "Progress notes", "Discharge summary",
               "Mental health records", "HIV/STD test results", "Substance use treatment records",
               "Billing records"]
RECIPIENTS = ["Kestrel Point Disability Services", "Office of Arlo Venn, Attorney at Law",
              "Greywater Life Assurance Co.", "Self (patient copy)"]
PURPOSES = ["Continuity of care", "Disability claim", "Legal proceedings", "Personal use"]
PANELS = {
    "Comprehensive Metabolic Panel": [
        ("Glucose", 70, 99, "mg/dL"), ("BUN", 7, 20, "mg/dL"), ("Creatinine", 0.6, 1.3, "mg/dL"),
        ("Sodium", 135, 145, "mmol/L"), ("Potassium", 3.5, 5.1, "mmol/L"), ("Chloride", 98, 107, "mmol/L"),
        ("CO2", 22, 29, "mmol/L"), ("Calcium", 8.6, 10.3, "mg/dL"), ("Total Protein", 6.0, 8.3, "g/dL"),
        ("Albumin", 3.5, 5.0, "g/dL"), ("Bilirubin, Total", 0.1, 1.2, "mg/dL"),
        ("Alkaline Phosphatase", 44, 147, "U/L"), ("AST", 10, 40, "U/L"), ("ALT", 7, 56, "U/L")],
    "Complete Blood Count with Differential": [
        ("WBC", 4.5, 11.0, "10^3/uL"), ("RBC", 4.2, 5.9, "10^6/uL"), ("Hemoglobin", 12.0, 17.5, "g/dL"),
        ("Hematocrit", 36, 50, "%"), ("MCV", 80, 100, "fL"), ("MCH", 27, 33, "pg"),
        ("MCHC", 32, 36, "g/dL"), ("RDW", 11.5, 14.5, "%"), ("Platelets", 150, 400, "10^3/uL"),
        ("Neutrophils", 40, 70, "%"), ("Lymphocytes", 20, 40, "%")],
    "Lipid Panel": [
        ("Total Cholesterol", 100, 199, "mg/dL"), ("Triglycerides", 0, 149, "mg/dL"),
        ("HDL Cholesterol", 40, 90, "mg/dL"), ("LDL Cholesterol (calc)", 0, 99, "mg/dL"),
        ("Non-HDL Cholesterol", 0, 129, "mg/dL"), ("Hemoglobin A1c", 4.0, 5.6, "%")],
}


def name_printed(person, style):
    """Returns (printed, normalized) for one of four name styles."""
    first, middle, last = person["first"], person["middle"], person["last"]
    if style == 0:
        return "%s %s. %s" % (first, middle, last), "%s %s %s" % (first, middle, last)
    if style == 1:
        return "%s, %s %s" % (last.upper(), first.upper(), middle), "%s %s %s" % (first, middle, last)
    if style == 2:
        return "%s, %s" % (last, first), "%s %s" % (first, last)
    return "%s %s" % (first, last), "%s %s" % (first, last)


def provider_printed(person, style):
    first, middle, last = person["first"], person["middle"], person["last"]
    if style == 0:
        return "Dr. %s %s" % (first, last), "%s %s" % (first, last)
    if style == 1:
        return "%s %s. %s, MD" % (first, middle, last), "%s %s %s" % (first, middle, last)
    if style == 2:
        return "%s, %s MD" % (last.upper(), first.upper()), "%s %s" % (first, last)
    return "%s %s, DO" % (first, last), "%s %s" % (first, last)


def mrn_printed(mrn, style):
    return mrn if style == 0 else "%s-%s" % (mrn[:4], mrn[4:])


def date_field(date, style):
    return {"value": date.isoformat(), "printed": dates.format_date(date, style)}


class DocumentBuilder:
    """One per packet: the packet's patient and provider are shared by its documents."""

    def __init__(self, pool, rng, patient):
        self.pool = pool
        self.rng = rng
        self.patient = patient

    def build(self, doc_type, layout_index, options):
        rng = self.rng
        layout = LAYOUTS[doc_type][layout_index]
        style = options.get("date_style", rng.choice(dates.STYLES))
        service = self.patient["service_date"] + datetime.timedelta(days=options.get("day_offset", 0))
        fields = {}
        p = self.patient
        for name in layout.fields:
            if name == "patient_name":
                printed, value = name_printed(p["person"], p["name_style"] if doc_type != "insurance_card" else 3)
                fields[name] = {"value": value, "printed": printed}
            elif name == "dob":
                fields[name] = date_field(p["dob"], style)
            elif name == "mrn":
                fields[name] = {"value": p["mrn"], "printed": mrn_printed(p["mrn"], layout_index % 2)}
            elif name == "provider_name":
                printed, value = provider_printed(p["provider"], rng.randrange(4))
                fields[name] = {"value": value, "printed": printed}
            elif name == "provider_npi":
                fields[name] = {"value": p["npi"], "printed": p["npi"]}
            elif name == "date_of_service":
                fields[name] = date_field(service, style)
            elif name == "checkboxes":
                fields[name] = {"value": self._checkboxes(doc_type, layout_index)}
        signature = self._signature(doc_type, options, fields, layout.fields, service, style)
        doc = {"type": doc_type, "layout": layout_index, "clinic": self.pool.clinic(),
               "fields": fields, "signature": signature,
               "extra": self._extra(doc_type, layout_index, service)}
        for kind in options.get("invalid", []):
            self._make_invalid(doc, kind, service, style)
        return doc

    def _checkboxes(self, doc_type, layout_index):
        rng = self.rng
        if doc_type == "referral":
            urgent = rng.random() < 0.4
            boxes = {"Routine": not urgent, "Urgent": urgent}
            if layout_index != 2:
                boxes["Records attached"] = rng.random() < 0.5
            return boxes
        if doc_type == "consent":
            choices = CONSENT_CHOICES[1 if layout_index == 2 else 0]
            return {label: rng.random() < 0.6 for label in choices}
        if doc_type == "roi_request":
            labels = rng.sample(ROI_CHOICES, 6)
            return {label: rng.random() < 0.5 for label in labels}
        return {}

    def _signature(self, doc_type, options, fields, printed_fields, service, style):
        signature = {"signed": False, "ink_seed": self.rng.randrange(1 << 30)}
        if "signature_status" not in printed_fields:
            return signature
        if doc_type in ("consent", "roi_request"):
            signature["signed"] = options.get("signed", True)
            fields["signature_status"] = {"value": "signed" if signature["signed"] else "unsigned"}
            if signature["signed"] and options.get("dated", True):
                signed_on = service + datetime.timedelta(days=self.rng.randint(0, 3))
                fields["signature_date"] = date_field(signed_on, options.get("signature_date_style", style))
            else:
                fields.pop("signature_date", None)
        else:
            fields["signature_status"] = {"value": "not_required"}
        return signature

    def _make_invalid(self, doc, kind, service, style):
        """Plants a value the validator must send to review and records why in the field."""
        fields = doc["fields"]
        year = service.year
        if kind in ("dob_impossible", "dos_impossible"):
            name = "dob" if kind == "dob_impossible" else "date_of_service"
            impossible = "feb30" if kind == "dob_impossible" else "month13"
            printed = dates.impossible_date(impossible, year - 40 if name == "dob" else year)
            fields[name] = {"value": None, "printed": printed,
                            "invalid": True, "invalid_reason": "impossible_date"}
        elif kind == "dob_after_service":
            dob = service + datetime.timedelta(days=self.rng.randint(30, 400))
            fields["dob"] = dict(date_field(dob, style), invalid=True, invalid_reason="dob_after_service",
                                 related=["date_of_service"])
        elif kind == "npi_check_digit":
            bad = self.pool.npi(valid=False)
            fields["provider_npi"] = {"value": bad, "printed": bad, "invalid": True,
                                      "invalid_reason": "npi_check_digit"}
        elif kind == "signature_before_form":
            if not doc["signature"]["signed"]:
                raise ValueError("signature_before_form needs a signed document")
            signed_on = service - datetime.timedelta(days=self.rng.randint(5, 60))
            fields["signature_date"] = dict(date_field(signed_on, style), invalid=True,
                                            invalid_reason="signature_before_form_date",
                                            related=["date_of_service"])
        else:
            raise ValueError("unknown invalid kind " + kind)
        if kind in ("dob_after_service", "signature_before_form") and "date_of_service" not in fields:
            raise ValueError("%s needs a layout that prints the date of service" % kind)

    def _extra(self, doc_type, layout_index, service):
        rng, pool, p = self.rng, self.pool, self.patient
        extra = {"form_code": "%s-%s-%02d" % (doc_type[:3].upper(), "ABC"[layout_index], rng.randint(1, 40)),
                 "patient_phone": p["phone"]}
        if doc_type == "referral":
            extra.update(specialty=rng.choice(SPECIALTIES), reason=rng.choice(REASONS),
                         icd10=rng.sample(ICD10, 2), history=rng.sample(HISTORY, 3),
                         medications=rng.sample(MEDICATIONS, 3))
        elif doc_type == "consent":
            extra.update(procedure=rng.choice(PROCEDURES))
        elif doc_type == "lab_result":
            panel = rng.choice(sorted(PANELS))
            extra.update(sex=p["sex"], accession="A%d-%05d" % (service.year % 100, rng.randint(0, 99999)),
                         panel=panel, lab_rows=[self._lab_row(row) for row in PANELS[panel]])
        elif doc_type == "roi_request":
            extra.update(recipient=rng.choice(RECIPIENTS), purpose=rng.choice(PURPOSES))
        elif doc_type == "insurance_card":
            extra.update(payer=pool.payer(), member_id=p["member_id"],
                         group="G%05d" % rng.randint(0, 99999),
                         plan=rng.choice(["PPO Select", "HMO Basic", "EPO Plus"]),
                         copays=[rng.choice([20, 25, 30]), rng.choice([40, 50, 60]), rng.choice([150, 250])],
                         payer_phone=pool.phone(), provider_line=pool.phone(),
                         bin="%06d" % rng.randint(0, 999999),
                         claims_address="PO Box %d, Lakemont NY 14857" % rng.randint(100, 9999))
        elif doc_type == "fax_cover":
            to = pool.person()
            sender = pool.person()
            extra.update(to_name="%s %s, Intake" % (to["first"], to["last"]), to_fax=pool.phone(),
                         from_name="%s %s" % (sender["first"], sender["last"]),
                         date=dates.format_date(service, rng.choice(dates.STYLES)),
                         page_total=0, urgent=rng.random() < 0.3,
                         subject="Records for patient %s" % p["person"]["last"],
                         note="Please find the attached documents for the patient named above. "
                              "Contact our office with any questions regarding this transmission.")
        return extra

    def _lab_row(self, row):
        test, low, high, units = row
        rng = self.rng
        span = high - low
        value = max(rng.uniform(low - span * 0.25, high + span * 0.25), low * 0.8 + span * 0.05)
        flag = "H" if value > high else "L" if value < low else ""
        decimals = 1 if isinstance(low, float) or isinstance(high, float) else 0
        return (test, "%.*f" % (decimals, value), flag, units, "%s - %s" % (low, high))
