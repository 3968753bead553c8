"""Deterministic generator of mi's sample packets, bad inputs and ground truth.

Modules, one concern each:
  identities  synthetic PHI (fictional names, MRNs, 555-01xx phones, NPIs with check digits)
  dates       US date styles, impossible dates
  painter     one drawing API over a PDF canvas (born-digital) and a PIL raster (scans, faxes)
  forms       document layouts per type (referral, consent, lab result, ROI, insurance card, fax cover)
  degrade     scan and fax degradation (skew, noise, binarization, speckle, resolution)
  assemble    pages to PDF / TIFF / PNG / JPEG files, byte-for-byte reproducibly
  packets     the declarative list of sample packets
  bad         hostile and malformed inputs for the intake stage
  rawpdf      a minimal hand-written PDF object writer used by bad inputs
  truth       ground-truth JSON
"""
