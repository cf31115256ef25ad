"""One router per resource; :data:`API` lists them in the order the API documentation shows."""

from . import audit, check, documents, packs, profiles, requests, rules, tokens, verify

API = (rules, documents, check, packs, verify, profiles, requests, audit, tokens)
