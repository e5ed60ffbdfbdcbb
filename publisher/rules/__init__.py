"""What the content means: chapters, transcripts, what a feed needs of an episode, checks."""
