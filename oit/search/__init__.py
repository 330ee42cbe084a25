"""Thai search: the words of each page segmented for Material's search index."""
