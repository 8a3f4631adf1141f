"""The PAR INDEX self-assessment (Chỉ số cải cách hành chính): the criteria table imported
from the document the city sends (``table``), the self-scoring workbook a department fills
(``workbook``) and collects back into the plan (``collect``), and the self-assessment per area
and in total (``summary``, rendered by ``output``)."""
