"""The sample set, declared. Each packet names its documents (type, layout, options) and how each
page was captured. Page capture codes:

  B  born-digital page (text layer)             S  300 dpi grayscale scan, JPEG
  P  300 dpi grayscale scan, PNG (lossless)     O  scan with an old invisible OCR text layer
  F  fax, 204x196 dpi, CCITT G4                 f  fax, 204x98 dpi (standard), CCITT G4

rotations maps a 1-based packet page to (content rotation, /Rotate attribute), both clockwise.
Document options: signed, dated (signature date present), invalid (list of planted errors).
"""


def doc(doc_type, layout, **options):
    return (doc_type, layout, options)


def packet(name, docs, capture, rotations=None, container="pdf"):
    return {"name": name, "docs": docs, "capture": capture, "rotations": rotations or {},
            "container": container}


PACKETS = [
    packet("p01-referral-letter", [doc("referral", 0)], "BB"),
    packet("p02-referral-grid", [doc("referral", 1)], "B"),
    packet("p03-consent-signed", [doc("consent", 0, signed=True, dated=True)], "BB"),
    packet("p04-lab-report", [doc("lab_result", 0)], "BB"),
    packet("p05-roi-unsigned", [doc("roi_request", 0, signed=False)], "B"),
    packet("p06-insurance-card", [doc("insurance_card", 0)], "B"),
    packet("p07-fax-referral", [doc("fax_cover", 0), doc("referral", 2)], "ff"),
    packet("p08-fax-lab-consent", [doc("fax_cover", 1), doc("lab_result", 1),
                                   doc("consent", 1, signed=True, dated=True)], "FFF"),
    packet("p09-scan-procedure-consent", [doc("consent", 2, signed=True, dated=False)], "S"),
    packet("p10-scan-roi-png", [doc("roi_request", 1, signed=True, dated=True)], "PP"),
    packet("p11-scan-lab-report", [doc("lab_result", 0)], "SS"),
    packet("p12-mixed-new-patient", [doc("referral", 1), doc("consent", 1, signed=True, dated=True),
                                     doc("insurance_card", 1)], "BSS"),
    packet("p13-mixed-specialist", [doc("fax_cover", 0), doc("referral", 0), doc("lab_result", 1),
                                    doc("roi_request", 0, signed=True, dated=True)], "BBBSS"),
    packet("p14-rotate-attribute", [doc("referral", 1), doc("lab_result", 1)], "BB",
           rotations={1: (0, 180), 2: (0, 90)}),
    packet("p15-rotated-scans", [doc("consent", 1, signed=True, dated=True),
                                 doc("roi_request", 0, signed=False)], "SS",
           rotations={1: (90, 0), 2: (180, 0)}),
    packet("p16-rotation-corrected", [doc("lab_result", 1), doc("fax_cover", 1), doc("referral", 2)],
           "Sff", rotations={1: (270, 90), 2: (180, 0)}),
    packet("p17-old-ocr-layer", [doc("referral", 0)], "OO"),
    packet("p18-invalid-dob", [doc("referral", 2, invalid=["dob_impossible"])], "B"),
    packet("p19-invalid-npi", [doc("lab_result", 0, invalid=["npi_check_digit"])], "BB"),
    packet("p20-dob-after-service", [doc("consent", 2, signed=True, dated=True,
                                         invalid=["dob_after_service"])], "S"),
    packet("p21-signed-before-form", [doc("roi_request", 1, signed=True, dated=True,
                                          invalid=["signature_before_form"])], "BB"),
    packet("p22-fax-invalid-referral", [doc("fax_cover", 0),
                                        doc("referral", 0, invalid=["dos_impossible", "npi_check_digit"])],
           "fff"),
    packet("p23-eight-page-fax", [doc("fax_cover", 0), doc("referral", 0),
                                  doc("consent", 0, signed=True, dated=False), doc("lab_result", 1),
                                  doc("roi_request", 0, signed=True, dated=True), doc("insurance_card", 0)],
           "FFFFFFFF"),
    packet("p24-two-consents", [doc("consent", 1, signed=False),
                                doc("consent", 1, signed=True, dated=True, day_offset=1)], "BB"),
    packet("p25-card-scan", [doc("insurance_card", 1)], "S"),
    packet("p26-fax-roi", [doc("fax_cover", 1), doc("roi_request", 1, signed=False)], "fff"),
    packet("p27-lab-scan-png", [doc("lab_result", 1)], "P"),
    packet("p28-teletype-referral-lab", [doc("referral", 2), doc("lab_result", 1)], "BB"),
    packet("p29-mixed-scan-invalid", [doc("referral", 1), doc("consent", 2, signed=True, dated=True,
                                      invalid=["signature_before_form"])], "BS"),
    packet("u01-fax-upload", [doc("fax_cover", 1), doc("referral", 1),
                              doc("consent", 1, signed=True, dated=True)], "fff", container="tif"),
    packet("u02-consent-photo", [doc("consent", 1, signed=True, dated=False)], "P", container="png"),
    packet("u03-card-photo", [doc("insurance_card", 0)], "S", container="jpg"),
    packet("u04-fax-fine-lab", [doc("lab_result", 1, invalid=["dob_after_service"])], "F",
           container="tif"),
]
