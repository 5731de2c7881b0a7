"""The regions API's list answers, shared by every caller and every server process (see
`simpul.core.publiccache`). Regions change only when `regions_load` writes them, and it marks them
changed; an hour's timeout only bounds how long unused answers stay in the cache."""

from simpul.core.publiccache import PublicAnswers

REGIONS = PublicAnswers("regions.list", timeout=3600)
