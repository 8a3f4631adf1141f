"""The documents parplan writes from a plan: the periodic report (``report``, ``report_rows``),
the issued plan (``publish``) and the dashboard site's data (``site``)."""
