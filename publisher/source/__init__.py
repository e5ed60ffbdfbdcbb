"""Reading a producer's files: text and YAML, folders, show.yaml, people, episodes, audio, URLs."""
