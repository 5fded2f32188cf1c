"""GDELT 2.0 events (``*.export.CSV``, plain or zipped) into the graph: streamed, batched, idempotent.

Each row becomes the same shapes an annotated article produces, so timelines and paths work on GDELT data too:

- ``(:Event {id: "gdelt-<GLOBALEVENTID>"})``: day-precision date from SQLDATE (EDTF ``YYYY-MM-DD``,
  ``dateLower = dateUpper``), ``recordedAt`` from DATEADDED (when GDELT recorded the fact, not when it happened),
  the CAMEO code, root and quad class, Goldstein scale, tone and mention counts; status ``occurred``.
- each actor as ``(:Entity:Country|Organisation {id: "gdelt-actor-<code>-<name>"})`` with
  ``PARTICIPATED_IN {role: "initiator"}`` for Actor1 and ``{role: "target"}`` for Actor2;
- the place of the action (ActionGeo) as ``(:Entity:Place {id: "gdelt-place-<FeatureID>"})`` with ``OCCURRED_IN``;
- the SOURCEURL as ``(:Source {id: "gdelt-src-<sha1(url)[:16]>", url})`` with ``REPORTED_BY``; the event and its
  relationships list that source in ``sources``, like the facts of an annotated article.

The modules, in the order a row passes through them: ``columns`` (the codebook's layout and code tables),
``parse`` (a row checked and mapped to a :class:`Record`), ``read`` (files line by line, bad rows counted),
``batch`` (records into one write's parameter lists), ``write`` (the Cypher of a batch), ``pipeline`` (the writer
threads), ``load`` (all of it for a list of files). ``synth`` writes GDELT-format files for tests and benchmarks.
"""

from loaders.gdelt.batch import Batch, Batcher
from loaders.gdelt.load import DEFAULT_BATCH_SIZE, DEFAULT_WRITERS, Progress, StrictFailure, check_files, load_files
from loaders.gdelt.parse import (
    ROLE_OF_ACTOR,
    BadRow,
    Reason,
    Record,
    actor_id,
    parse_fields,
    parse_line,
    place_id,
    source_id,
)
from loaders.gdelt.read import MAX_KEPT_BAD_ROWS, FileReport, export_size, iter_rows, open_export
from loaders.gdelt.write import FEED_SOURCE_ID, ensure_feed_source, write_batch, write_events, write_nodes

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_WRITERS",
    "FEED_SOURCE_ID",
    "MAX_KEPT_BAD_ROWS",
    "ROLE_OF_ACTOR",
    "BadRow",
    "Batch",
    "Batcher",
    "FileReport",
    "Progress",
    "Reason",
    "Record",
    "StrictFailure",
    "actor_id",
    "check_files",
    "ensure_feed_source",
    "export_size",
    "iter_rows",
    "load_files",
    "open_export",
    "parse_fields",
    "parse_line",
    "place_id",
    "source_id",
    "write_batch",
    "write_events",
    "write_nodes",
]
