"""The text inside a PDF, read with pypdf (for the search index)."""

from pypdf import PdfReader

# Enough for any paper or proceedings volume; the index does not need a whole book.
MAX_CHARS = 500_000


def pdf_text(handle) -> str:
    reader = PdfReader(handle)
    parts: list[str] = []
    size = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_CHARS:
            break
    return " ".join(" ".join(parts).split())[:MAX_CHARS]  # one line: snippets read it as it is
