"""Coming from elsewhere: a feed a hosting platform wrote, transcripts a speech-to-text tool
made, turned into podpub's own files."""
