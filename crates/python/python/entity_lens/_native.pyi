"""Type stubs of the compiled module (import the names from ``entity_lens``)."""

from typing import Any, Dict, List, Literal, Optional, Sequence, Union

Record = Dict[str, Any]
"""The CLI's JSON record (``entity-lens analyze --format jsonl``) as a dict."""

EntityMode = Literal["refined", "raw"]
BytesLike = Union[bytes, bytearray, memoryview]

ExportFormat = Literal[
    "spacy-jsonl",
    "mentions-csv",
    "entities-csv",
    "graphml",
    "gexf",
    "brat",
    "conll",
    "web-annotation",
    "html",
]
Scope = Literal["sentence", "paragraph", "article"]

class Engine:
    """The engine with the embedded model (en_core_web_sm 3.8, converted), loaded once.

    Thread-safe; pickles without its weights (unpickling loads the embedded model again).
    """

    def __init__(self) -> None: ...
    def analyze(
        self,
        text: str,
        *,
        clean: bool = True,
        entities: EntityMode = "refined",
        path: str = "",
    ) -> Record:
        """Analyzes a text as the CLI analyzes a UTF-8 file holding it; returns its record."""
        ...
    def analyze_bytes(
        self,
        data: BytesLike,
        *,
        clean: bool = True,
        entities: EntityMode = "refined",
        path: str = "",
    ) -> Record:
        """Decodes file contents as the CLI does and analyzes them; returns the record."""
        ...
    def analyze_batch(
        self,
        items: Sequence[Union[str, BytesLike]],
        *,
        threads: int = 1,
        clean: bool = True,
        entities: EntityMode = "refined",
        paths: Optional[Sequence[str]] = None,
        errors: Literal["raise", "record"] = "raise",
    ) -> List[Record]:
        """Analyzes many items on ``threads`` threads (0 = all cores), GIL released; one record
        per item in input order (``errors="record"``: ``{"path", "error"}`` for failures)."""
        ...
    def export(
        self,
        items: Sequence[Union[str, BytesLike]],
        *,
        format: ExportFormat,
        paths: Optional[Sequence[str]] = None,
        clean: bool = True,
        entities: EntityMode = "refined",
        scope: Scope = "sentence",
        threads: int = 1,
        errors: Literal["raise", "skip"] = "raise",
    ) -> bytes:
        """Analyzes and groups the items; returns the corpus in ``format``, the bytes
        ``entity-lens export`` writes (``paths``: article names; ``errors="skip"``: drop
        failing items as the CLI does)."""
        ...
    def __reduce__(self) -> Any: ...
