"""A build: plan a show, render its episodes (in workers, with a cache), write in one swap."""
