//! Raw page text → article: headline, date, source, dateline, byline, body; clutter removed.
