"""Writing it down: one table per output family (chapters, transcripts, notes), the feed, pages."""
