"""Building and publishing: the data shared by one build's hooks, the publish gate,
many sites at once and the security headers."""
