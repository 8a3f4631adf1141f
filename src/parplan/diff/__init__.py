"""``parplan diff``: the two plans compared (``revisions``), how each field is reported
(``fields``), lists paired item by item (``pairing``, ``lists``) and the whole comparison
(``compare``)."""
