"""Pure scrapers: a source in, an rdflib Graph out. No store, no settings, no network
(except `scrapers.fetch`, the one module that talks to the network)."""
