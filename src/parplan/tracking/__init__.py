"""What is due, done and late as of a date (``items``), indicator progress (``progress``), the
dashboard every view renders (``dashboard``), units and who is concerned (``units``) and what a
person typed for a period, area or state (``typed``)."""
