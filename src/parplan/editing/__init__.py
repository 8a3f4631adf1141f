"""Changes to a plan as edits that keep every other byte: recording progress (``record``), next
year's plan (``rollover``) and a new plan's skeleton (``newplan``)."""
