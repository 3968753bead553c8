"""Form layouts per document type. A layout knows its page count, on which of its pages each field
is printed, and how to draw a page; the values come from the document record built in packets.py.

Label wordings and positions differ on purpose between layouts ("Patient Name", "Name of Patient",
"Pt. Name", "PATIENT:"; "DOB", "Date of Birth", "Birth Date"; values right of, below or boxed with
their labels), so an extractor cannot rely on one form."""

from .formparts import (centered, checkbox_rows, field_below, field_box, field_right, letterhead,
                        numbered_clauses, page_footer, paragraph, printed, right_aligned,
                        signature_block, table)

CONSENT_CLAUSES = [
    "I voluntarily consent to examination, diagnostic procedures and treatment that my care team "
    "considers necessary, including laboratory tests and imaging ordered by my provider.",
    "I understand that no guarantee has been made to me about the results of any examination or "
    "treatment, and that I may ask questions about my care at any time.",
    "I authorize the practice to bill my insurance carrier and I assign to the practice the "
    "benefits otherwise payable to me. I remain responsible for charges not covered.",
    "I acknowledge that I received the Notice of Privacy Practices, which describes how my health "
    "information may be used and disclosed, and how I can get access to it.",
    "This consent remains in effect until I revoke it in writing. A revocation does not affect "
    "actions taken before the practice received it.",
]
ROI_CLAUSES = [
    "I understand that information disclosed under this authorization may be re-disclosed by the "
    "recipient and may no longer be protected by federal privacy regulations.",
    "I may revoke this authorization at any time by written notice to the Health Information "
    "Management department, except where action has already been taken in reliance on it.",
    "Treatment, payment, enrollment or eligibility for benefits will not be conditioned on whether "
    "I sign this authorization.",
    "Unless revoked earlier, this authorization expires one year from the date of signature.",
]
CONFIDENTIALITY = (
    "CONFIDENTIALITY NOTICE: This facsimile contains protected health information that is privileged "
    "and confidential under federal and state law. It is intended only for the recipient named above. "
    "If you received this in error, notify the sender by telephone and destroy all copies.")


def checkbox_list(doc):
    return list(doc["fields"].get("checkboxes", {}).get("value", {}).items())


class Layout:
    """doc_type, page count, font family, the fields the layout prints (a field a layout does not
    print is absent from the truth) and the page of the document each field is printed on."""
    doc_type = ""
    family = "sans"
    pages = 1
    fields = []
    field_pages = {}

    def page_of(self, field):
        return self.field_pages.get(field, 1)


# ---------------------------------------------------------------- referral

class ReferralLetter(Layout):
    """Two pages: labels right of values, urgency boxes, clinical summary continued on page 2."""
    doc_type, family, pages = "referral", "sans", 2
    fields = ["patient_name", "dob", "mrn", "provider_name", "provider_npi", "date_of_service",
              "signature_status", "checkboxes"]

    def draw(self, p, doc, page):
        f = self.family
        y = letterhead(p, doc["clinic"], f, 0)
        if page == 1:
            centered(p, y + 6, "REFERRAL FOR SPECIALTY CARE", f, 14, True)
            y += 36
            field_right(p, 54, y, "Patient Name:", printed(doc, "patient_name"), f, line_to=330)
            field_right(p, 350, y, "DOB:", printed(doc, "dob"), f, line_to=558)
            y += 22
            field_right(p, 54, y, "MRN:", printed(doc, "mrn"), f, line_to=330)
            field_right(p, 350, y, "Phone:", doc["extra"]["patient_phone"], f, line_to=558)
            y += 22
            field_right(p, 54, y, "Referring Provider:", printed(doc, "provider_name"), f, line_to=330)
            field_right(p, 350, y, "NPI:", printed(doc, "provider_npi"), f, line_to=558)
            y += 22
            field_right(p, 54, y, "Referral Date:", printed(doc, "date_of_service"), f, line_to=330)
            field_right(p, 350, y, "Refer to:", doc["extra"]["specialty"], f)
            y += 30
            p.text(54, y, "Priority:", f, 10, True)
            checkbox_rows(p, 120, y, checkbox_list(doc), f, columns=3, column_width=110)
            y += 30
            p.text(54, y, "Reason for referral", f, 11, True)
            y = paragraph(p, 54, y + 16, 504, doc["extra"]["reason"], f, 10)
            p.text(54, y, "Diagnosis codes: " + ", ".join(doc["extra"]["icd10"]), f, 10)
        else:
            p.text(54, y, "Referral (continued) - %s" % printed(doc, "patient_name"), f, 10, True)
            y += 26
            p.text(54, y, "Clinical summary", f, 11, True)
            for block in doc["extra"]["history"]:
                y = paragraph(p, 54, y + 16, 504, block, f, 10)
            y += 20
            p.text(54, y, "Medications", f, 11, True)
            for med in doc["extra"]["medications"]:
                y += 15
                p.text(66, y, "- " + med, f, 10)
            y += 50
            p.line(54, y, 300, y, 0.7)
            p.text(54, y + 11, "Electronically signed by referring provider", f, 8)
        page_footer(p, doc, page, self.pages, f)


class ReferralGrid(Layout):
    """One page of ruled cells; each value sits inside its box under a small caption."""
    doc_type, family, pages = "referral", "serif", 1
    fields = ["patient_name", "dob", "mrn", "provider_name", "provider_npi", "date_of_service",
              "signature_status", "checkboxes"]

    def draw(self, p, doc, page):
        f = self.family
        y = letterhead(p, doc["clinic"], f, 1)
        centered(p, y + 4, "Outpatient Referral Form", f, 15, True)
        y += 20
        field_box(p, 54, y, 300, 32, "Name of Patient", printed(doc, "patient_name"), f, 11)
        field_box(p, 354, y, 204, 32, "Date of Birth", printed(doc, "dob"), f, 11)
        y += 32
        field_box(p, 54, y, 200, 32, "Medical Record #", printed(doc, "mrn"), f, 11)
        field_box(p, 254, y, 304, 32, "Home Phone", doc["extra"]["patient_phone"], f, 11)
        y += 32
        field_box(p, 54, y, 300, 32, "Physician", printed(doc, "provider_name"), f, 11)
        field_box(p, 354, y, 204, 32, "NPI", printed(doc, "provider_npi"), f, 11)
        y += 32
        field_box(p, 54, y, 200, 32, "Date", printed(doc, "date_of_service"), f, 11)
        field_box(p, 254, y, 304, 32, "Specialty Requested", doc["extra"]["specialty"], f, 11)
        y += 52
        p.text(54, y, "Urgency", f, 11, True)
        y = checkbox_rows(p, 54, y + 20, checkbox_list(doc), f, 10, columns=3, column_width=150)
        p.text(54, y + 6, "Clinical Indication", f, 11, True)
        y = paragraph(p, 54, y + 22, 504, doc["extra"]["reason"], f, 10.5)
        p.text(54, y, "ICD-10: " + "; ".join(doc["extra"]["icd10"]), f, 10.5)
        y += 40
        for block in doc["extra"]["history"][:1]:
            y = paragraph(p, 54, y, 504, block, f, 10.5)
        page_footer(p, doc, page, self.pages, f)


class ReferralTeletype(Layout):
    """An EMR printout in Courier with upper-case labels, as faxed by small practices."""
    doc_type, family, pages = "referral", "mono", 1
    fields = ["patient_name", "dob", "mrn", "provider_name", "provider_npi", "date_of_service",
              "signature_status", "checkboxes"]

    def draw(self, p, doc, page):
        f = self.family
        clinic = doc["clinic"]
        p.text(54, 60, clinic["name"].upper(), f, 12, True)
        p.text(54, 74, clinic["street"].upper() + " " + clinic["city"].upper(), f, 9)
        p.text(54, 86, "PH " + clinic["phone"] + "  FAX " + clinic["fax"], f, 9)
        p.text(54, 110, "=" * 64, f, 9)
        p.text(54, 126, "*** REFERRAL / CONSULTATION REQUEST ***", f, 11, True)
        y = 152
        rows = [("PATIENT:", printed(doc, "patient_name")), ("BIRTH DATE:", printed(doc, "dob")),
                ("CHART NO.:", printed(doc, "mrn")), ("PHONE:", doc["extra"]["patient_phone"]),
                ("REF BY:", printed(doc, "provider_name")), ("NPI#:", printed(doc, "provider_npi")),
                ("DATE OF SERVICE:", printed(doc, "date_of_service")),
                ("REFER TO:", doc["extra"]["specialty"].upper())]
        for label, value in rows:
            p.text(54, y, label, f, 10, True)
            p.text(200, y, value, f, 10)
            y += 16
        y += 8
        p.text(54, y, "PRIORITY:", f, 10, True)
        checkbox_rows(p, 200, y, [(k.upper(), v) for k, v in checkbox_list(doc)], f, 10, columns=2,
                      column_width=130)
        y += 30
        p.text(54, y, "REASON:", f, 10, True)
        y = paragraph(p, 54, y + 15, 500, doc["extra"]["reason"].upper(), f, 9.5)
        p.text(54, y, "DX: " + " ".join(doc["extra"]["icd10"]), f, 9.5)
        p.text(54, y + 30, "-" * 64, f, 9)
        p.text(54, y + 44, "END OF REFERRAL", f, 9)


# ---------------------------------------------------------------- consent

class ConsentTwoPage(Layout):
    """Clauses on page 1; choices, signature and date on page 2."""
    doc_type, family, pages = "consent", "serif", 2
    fields = ["patient_name", "dob", "date_of_service", "signature_status", "signature_date",
              "checkboxes"]
    field_pages = {"signature_status": 2, "signature_date": 2, "checkboxes": 2}

    def draw(self, p, doc, page):
        f = self.family
        y = letterhead(p, doc["clinic"], f, 1)
        if page == 1:
            centered(p, y + 6, "CONSENT TO TREATMENT AND ACKNOWLEDGMENT", f, 14, True)
            y += 30
            field_below(p, 54, y, "Patient Name", printed(doc, "patient_name"), f, 250, 11)
            field_below(p, 330, y, "Date of Birth", printed(doc, "dob"), f, 110, 11)
            field_below(p, 460, y, "Date", printed(doc, "date_of_service"), f, 98, 11)
            y += 48
            numbered_clauses(p, 54, y, 504, CONSENT_CLAUSES, f, 10.5)
        else:
            p.text(54, y, "Consent to Treatment (continued)", f, 11, True)
            y += 28
            y = paragraph(p, 54, y, 504, "Please mark each choice below. Unmarked items are "
                          "treated as declined.", f, 10.5)
            y = checkbox_rows(p, 60, y + 8, checkbox_list(doc), f, 10.5)
            y = paragraph(p, 54, y + 16, 504, "By signing below I confirm that I have read this "
                          "form, or had it read to me, and that my questions were answered.", f, 10.5)
            signature_block(p, 54, y + 60, doc, f, "Signature of Patient or Legal Representative")
        page_footer(p, doc, page, self.pages, f)


class ConsentCompact(Layout):
    """One page with abbreviated labels to the right and the signature at the bottom."""
    doc_type, family, pages = "consent", "sans", 1
    fields = ["patient_name", "dob", "mrn", "date_of_service", "signature_status", "signature_date",
              "checkboxes"]

    def draw(self, p, doc, page):
        f = self.family
        y = letterhead(p, doc["clinic"], f, 2)
        p.text(54, y + 8, "Patient Consent Form", f, 15, True)
        y += 36
        field_right(p, 54, y, "Pt. Name:", printed(doc, "patient_name"), f, line_to=320)
        field_right(p, 340, y, "DOB:", printed(doc, "dob"), f, line_to=558)
        y += 22
        field_right(p, 54, y, "MRN:", printed(doc, "mrn"), f, line_to=320)
        field_right(p, 340, y, "Form Date:", printed(doc, "date_of_service"), f, line_to=558)
        y += 30
        y = numbered_clauses(p, 54, y, 504, CONSENT_CLAUSES[:3], f, 9.5)
        p.text(54, y + 4, "I consent to the following (check all that apply):", f, 10, True)
        y = checkbox_rows(p, 60, y + 24, checkbox_list(doc), f, 10)
        signature_block(p, 54, y + 60, doc, f, "Patient Signature")


class ConsentProcedure(Layout):
    """Informed consent for a procedure, naming the physician, with boxed identifiers."""
    doc_type, family, pages = "consent", "sans", 1
    fields = ["patient_name", "dob", "mrn", "provider_name", "date_of_service", "signature_status",
              "signature_date", "checkboxes"]

    def draw(self, p, doc, page):
        f = self.family
        y = letterhead(p, doc["clinic"], f, 0)
        centered(p, y + 4, "INFORMED CONSENT FOR PROCEDURE", f, 14, True)
        y += 22
        field_box(p, 54, y, 260, 30, "PATIENT", printed(doc, "patient_name"), f)
        field_box(p, 314, y, 122, 30, "BIRTH DATE", printed(doc, "dob"), f)
        field_box(p, 436, y, 122, 30, "MEDICAL RECORD #", printed(doc, "mrn"), f)
        y += 30
        field_box(p, 54, y, 260, 30, "PHYSICIAN", printed(doc, "provider_name"), f)
        field_box(p, 314, y, 244, 30, "DATE OF PROCEDURE", printed(doc, "date_of_service"), f)
        y += 50
        p.text(54, y, "Procedure: " + doc["extra"]["procedure"], f, 10.5, True)
        y = paragraph(p, 54, y + 18, 504, "The physician named above has explained the nature and "
                      "purpose of the procedure, its expected benefits, the material risks "
                      "(including bleeding, infection and reaction to medication) and the "
                      "alternatives, including no treatment.", f, 10)
        y = checkbox_rows(p, 60, y + 10, checkbox_list(doc), f, 10)
        y = paragraph(p, 54, y + 6, 504, CONSENT_CLAUSES[1], f, 10)
        signature_block(p, 54, y + 60, doc, f, "Patient / Authorized Representative")


# ---------------------------------------------------------------- lab result

LAB_COLUMNS = [("Test", 170), ("Result", 70), ("Flag", 40), ("Units", 80), ("Reference Range", 144)]


class LabReport(Layout):
    """Patient box and provider box side by side, results table; continues on page 2."""
    doc_type, family, pages = "lab_result", "sans", 2
    fields = ["patient_name", "dob", "mrn", "provider_name", "provider_npi", "date_of_service",
              "signature_status"]

    def draw(self, p, doc, page):
        f = self.family
        y = letterhead(p, doc["clinic"], f, 2)
        right_aligned(p, 558, y, "FINAL REPORT", f, 11, True)
        y += 12
        p.rect(54, y, 250, 74, 0.7)
        p.rect(308, y, 250, 74, 0.7)
        field_right(p, 60, y + 16, "Patient Name:", printed(doc, "patient_name"), f, 9)
        field_right(p, 60, y + 32, "DOB:", printed(doc, "dob"), f, 9)
        field_right(p, 60, y + 48, "MRN:", printed(doc, "mrn"), f, 9)
        field_right(p, 60, y + 64, "Sex:", doc["extra"]["sex"], f, 9)
        field_right(p, 314, y + 16, "Ordering Provider:", printed(doc, "provider_name"), f, 9)
        field_right(p, 314, y + 32, "NPI:", printed(doc, "provider_npi"), f, 9)
        field_right(p, 314, y + 48, "Collected:", printed(doc, "date_of_service"), f, 9)
        field_right(p, 314, y + 64, "Accession:", doc["extra"]["accession"], f, 9)
        y += 100
        rows = doc["extra"]["lab_rows"]
        half = (len(rows) + 1) // 2
        if page == 1:
            p.text(54, y, doc["extra"]["panel"], f, 11, True)
            table(p, 54, y + 22, LAB_COLUMNS, rows[:half], f)
        else:
            p.text(54, y, "Results (continued)", f, 11, True)
            y = table(p, 54, y + 22, LAB_COLUMNS, rows[half:], f)
            paragraph(p, 54, y + 20, 504, "Flags: H = above reference range, L = below reference "
                      "range. Results were reviewed and released by the laboratory director. "
                      "Reference ranges are method specific.", f, 8.5)
        page_footer(p, doc, page, self.pages, f)


class LabTeletype(Layout):
    """A one-page laboratory printout in Courier, the patient on one line as LAST, FIRST."""
    doc_type, family, pages = "lab_result", "mono", 1
    fields = ["patient_name", "dob", "mrn", "provider_name", "provider_npi", "date_of_service",
              "signature_status"]

    def draw(self, p, doc, page):
        f = self.family
        clinic = doc["clinic"]
        p.text(54, 58, clinic["name"].upper() + " - LABORATORY REPORT", f, 11, True)
        p.text(54, 72, clinic["street"] + ", " + clinic["city"] + "  " + clinic["phone"], f, 8.5)
        p.text(54, 90, "-" * 72, f, 8.5)
        y = 108
        lines = [("PATIENT:", printed(doc, "patient_name"), "BIRTH DATE:", printed(doc, "dob")),
                 ("MEDICAL RECORD #:", printed(doc, "mrn"), "SEX:", doc["extra"]["sex"]),
                 ("PHYSICIAN:", printed(doc, "provider_name"), "NPI:", printed(doc, "provider_npi")),
                 ("COLLECTION DATE:", printed(doc, "date_of_service"), "ACCESSION:",
                  doc["extra"]["accession"])]
        for l1, v1, l2, v2 in lines:
            p.text(54, y, l1, f, 9, True)
            p.text(170, y, v1, f, 9)
            p.text(360, y, l2, f, 9, True)
            p.text(440, y, v2, f, 9)
            y += 14
        p.text(54, y + 2, "-" * 72, f, 8.5)
        y += 24
        p.text(54, y, doc["extra"]["panel"].upper(), f, 10, True)
        y += 18
        for test, result, flag, units, reference in doc["extra"]["lab_rows"]:
            p.text(54, y, "%-26s %8s %-2s %-9s %s" % (test[:26], result, flag, units, reference), f, 8.5)
            y += 13
        p.text(54, y + 10, "-" * 72, f, 8.5)
        p.text(54, y + 24, "*** END OF REPORT ***", f, 8.5)


# ---------------------------------------------------------------- release of information

class RoiSinglePage(Layout):
    doc_type, family, pages = "roi_request", "sans", 1
    fields = ["patient_name", "dob", "mrn", "date_of_service", "signature_status", "signature_date",
              "checkboxes"]

    def draw(self, p, doc, page):
        f = self.family
        y = letterhead(p, doc["clinic"], f, 0)
        centered(p, y + 2, "AUTHORIZATION FOR RELEASE OF", f, 13, True)
        centered(p, y + 18, "PROTECTED HEALTH INFORMATION", f, 13, True)
        y += 44
        field_below(p, 54, y, "Patient Name", printed(doc, "patient_name"), f, 240)
        field_below(p, 314, y, "Date of Birth", printed(doc, "dob"), f, 110)
        field_below(p, 444, y, "Medical Record #", printed(doc, "mrn"), f, 114)
        y += 36
        field_below(p, 54, y, "Release records to", doc["extra"]["recipient"], f, 370)
        field_below(p, 444, y, "Request Date", printed(doc, "date_of_service"), f, 114)
        y += 40
        p.text(54, y, "Information to be released:", f, 10, True)
        y = checkbox_rows(p, 60, y + 20, checkbox_list(doc), f, 9.5, columns=2, column_width=250)
        p.text(54, y + 4, "Purpose: " + doc["extra"]["purpose"], f, 9.5)
        y = numbered_clauses(p, 54, y + 26, 504, ROI_CLAUSES, f, 9)
        signature_block(p, 54, y + 50, doc, f, "Signature of Patient", "Date Signed")


class RoiTwoPage(Layout):
    """Request details on page 1; clauses and signature on page 2."""
    doc_type, family, pages = "roi_request", "serif", 2
    fields = ["patient_name", "dob", "mrn", "date_of_service", "signature_status", "signature_date",
              "checkboxes"]
    field_pages = {"signature_status": 2, "signature_date": 2}

    def draw(self, p, doc, page):
        f = self.family
        y = letterhead(p, doc["clinic"], f, 1)
        if page == 1:
            centered(p, y + 6, "Request for Release of Medical Records", f, 14, True)
            y += 34
            field_right(p, 54, y, "PATIENT:", printed(doc, "patient_name"), f, 11, line_to=340)
            field_right(p, 360, y, "Birth Date:", printed(doc, "dob"), f, 11, line_to=558)
            y += 24
            field_right(p, 54, y, "Chart No.:", printed(doc, "mrn"), f, 11, line_to=340)
            field_right(p, 360, y, "Date:", printed(doc, "date_of_service"), f, 11, line_to=558)
            y += 24
            field_right(p, 54, y, "Daytime phone:", doc["extra"]["patient_phone"], f, 11, line_to=340)
            y += 34
            p.text(54, y, "Please release the following records:", f, 11, True)
            y = checkbox_rows(p, 60, y + 22, checkbox_list(doc), f, 10.5)
            field_right(p, 54, y + 12, "Recipient:", doc["extra"]["recipient"], f, 11, line_to=558)
            field_right(p, 54, y + 36, "Purpose:", doc["extra"]["purpose"], f, 11, line_to=558)
        else:
            p.text(54, y, "Authorization terms", f, 12, True)
            y = numbered_clauses(p, 54, y + 24, 504, ROI_CLAUSES, f, 10.5)
            signature_block(p, 54, y + 70, doc, f, "Patient or Personal Representative",
                            "Date")
        page_footer(p, doc, page, self.pages, f)


# ---------------------------------------------------------------- insurance card

class InsuranceCardCopy(Layout):
    """Front and back of a member card photocopied onto one page: the card text is pixels."""
    doc_type, pages = "insurance_card", 1

    def __init__(self, family, card_style):
        self.family = family
        self.card_style = card_style
        # style 0 cards name the primary care provider, style 1 cards print the date of birth
        self.fields = ["patient_name", "provider_name"] if card_style == 0 else ["patient_name", "dob"]

    def draw(self, p, doc, page):
        from .cards import card_back, card_front
        f = self.family
        p.text(54, 60, doc["clinic"]["name"] + " - Patient Registration", f, 12, True)
        p.text(54, 76, "Copy of insurance card (front and back)", f, 9)
        front = card_front(doc, self.card_style)
        back = card_back(doc, self.card_style)
        p.image(front, 126, 110, 360, 227)
        p.image(back, 126, 380, 360, 227)
        p.text(126, 104, "FRONT", f, 7)
        p.text(126, 374, "BACK", f, 7)


# ---------------------------------------------------------------- fax cover

class FaxCoverBold(Layout):
    doc_type, family, pages = "fax_cover", "sans", 1
    fields = []

    def draw(self, p, doc, page):
        f = self.family
        e = doc["extra"]
        y = letterhead(p, doc["clinic"], f, 0)
        p.text(54, y + 30, "FAX", f, 48, True)
        y += 70
        for label, value in [("To:", e["to_name"]), ("Fax:", e["to_fax"]), ("From:", e["from_name"]),
                             ("Phone:", doc["clinic"]["phone"]), ("Date:", e["date"]),
                             ("Pages (incl. cover):", str(e["page_total"])), ("Re:", e["subject"])]:
            field_right(p, 54, y, label, value, f, 11, line_to=558)
            y += 26
        y = checkbox_rows(p, 54, y + 10, [("Urgent", e["urgent"]), ("For Review", True),
                                          ("Please Reply", False)], f, 10, columns=3, column_width=150)
        p.rect(54, y + 20, 504, 90, 0.6)
        paragraph(p, 62, y + 36, 488, CONFIDENTIALITY, f, 9)


class FaxCoverTable(Layout):
    doc_type, family, pages = "fax_cover", "serif", 1
    fields = []

    def draw(self, p, doc, page):
        f = self.family
        e = doc["extra"]
        y = letterhead(p, doc["clinic"], f, 1)
        centered(p, y + 20, "Facsimile Transmittal", f, 22, True)
        y += 50
        cells = [("TO", e["to_name"]), ("FROM", e["from_name"]), ("FAX NUMBER", e["to_fax"]),
                 ("DATE", e["date"]), ("TOTAL PAGES", str(e["page_total"])),
                 ("SENDER PHONE", doc["clinic"]["phone"])]
        for index, (label, value) in enumerate(cells):
            field_box(p, 54 + (index % 2) * 252, y + (index // 2) * 36, 252, 36, label, value, f, 11)
        y += 3 * 36 + 30
        p.text(54, y, "RE: " + e["subject"], f, 11, True)
        y = paragraph(p, 54, y + 26, 504, e["note"], f, 10.5)
        paragraph(p, 54, y + 30, 504, CONFIDENTIALITY, f, 8.5)


LAYOUTS = {
    "referral": [ReferralLetter(), ReferralGrid(), ReferralTeletype()],
    "consent": [ConsentTwoPage(), ConsentCompact(), ConsentProcedure()],
    "lab_result": [LabReport(), LabTeletype()],
    "roi_request": [RoiSinglePage(), RoiTwoPage()],
    "insurance_card": [InsuranceCardCopy("sans", 0), InsuranceCardCopy("serif", 1)],
    "fax_cover": [FaxCoverBold(), FaxCoverTable()],
}
