"""Pairs the truth's logical documents with the pipeline's documents of the same packet.

Pairing is one-to-one and greedy by page overlap (most shared pages first; ties go to the same
document type, then to the earlier document). A truth document left unpaired was missed (its
fields count as not found); a result document left unpaired is spurious (its fields count as
false positives). A merged split thus pairs one truth document and misses the other."""


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def pair_documents(truth_docs, result_docs):
    """Returns (pairs [(truth_doc, result_doc)], unpaired truth docs, unpaired result docs)."""
    candidates = []
    for ti, t in enumerate(truth_docs):
        for ri, r in enumerate(result_docs):
            shared = overlap(t["pages"], r.pages)
            if shared:
                candidates.append((-shared, t["type"] != r.document_type, ti, ri))
    candidates.sort()
    used_t, used_r, pairs = set(), set(), []
    for _, _, ti, ri in candidates:
        if ti in used_t or ri in used_r:
            continue
        used_t.add(ti)
        used_r.add(ri)
        pairs.append((truth_docs[ti], result_docs[ri]))
    pairs.sort(key=lambda pair: pair[0]["pages"][0])
    missed = [t for i, t in enumerate(truth_docs) if i not in used_t]
    spurious = [r for i, r in enumerate(result_docs) if i not in used_r]
    return pairs, missed, spurious
