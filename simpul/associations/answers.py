"""The officers' member list, rendered once and shared by every officer with the same scope until a
write changes what it shows (see `simpul.core.publiccache`).

The list is not public, but what it shows depends only on the officer's scope (the chapters their
role is on and all under them, or the whole register for a site administrator), the query string and
the language: two officers of the same chapter see the same rows, counts and chapter suggestions, and
nothing in it is masked per viewer. So an answer is kept under a key that holds the scope itself;
an officer of another chapter asks under another key and never reads it.

`MEMBERS.changed()` gives the list a new state token once the transaction commits. It is called on
every save or delete of what the rows, counts and filters print: a membership (created, approved,
rejected, its status, chapter, number, type or dues date changed, a transfer; every such write saves
the membership, and the kept counters move in the same transaction), a member type, a person (name,
titles) and an organisation (a chapter renamed, moved or added). The receivers are connected in
`apps.py`; like `simpul.people.usercache` this is cache upkeep, not a business rule, and the
receivers catch every writer (the services, the import, the daily sweep, the admin), also those in
lower apps that cannot call this one.
"""

from simpul.core.publiccache import PublicAnswers

MEMBERS = PublicAnswers("associations.members", timeout=600)


def on_write(sender, **kwargs) -> None:
    """post_save / post_delete receiver (apps.py): every cached member list is out of date once the
    current transaction commits (one renewal per commit, however many rows it writes)."""
    MEMBERS.changed()
