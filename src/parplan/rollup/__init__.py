"""Roll-up across plans: one row per plan (``table``) and the roll-up as a file (``output``)."""
