"""mi's extraction scorer: compares what the pipeline produced (mi-inspect NDJSON, mi-validate
rejects) with the ground truth under testdata/truth/.

Modules: truthset (load truth), results (load pipeline output), normalize (value comparison),
reasons (reject reason code -> class), matching (documents to documents), metrics (the figures),
report (table, JSON, Prometheus), baseline (regression gate), fromtruth (perfect results).
"""
