"""Reading board papers and recovering their structure.

Public interface (each function is pure but for `read_file`, which reads one file):
    read_file(path) -> SourceFile                      corpus.readers   (raises PaperError)
    folder_meeting(path) -> Meeting                    corpus.metadata  (boardpapers.json overrides)
    structure(source, *, hint=Meeting()) -> Paper      corpus.structure
    chunk_paper(paper) -> list[Chunk]                  corpus.chunking

A PDF sheet without a usable text layer (a scan) is read by OCR (corpus.ocr) and marked Page.ocr.
"""
