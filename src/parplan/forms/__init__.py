"""Progress forms: `parplan form` writes one Excel workbook per unit, `parplan collect` reads
the filled workbooks back and records them in the plan."""
