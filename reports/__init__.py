"""PDF (reportlab) and XLSX (openpyxl) builders: data in, a file out. No Qt here."""
