"""The report's photos (issue 13 §6, §8): each site's redness as a secondary
outcome, its first and last photo with the regions outlined, and its trend."""
