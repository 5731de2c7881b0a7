"""Pages of simpul.events: public calendar and event pages, a participant's own pages, organisers' pages."""
