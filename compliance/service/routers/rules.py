"""``/api/v1/rules``: the rules in effect (``rules list``), for a profile, one rule (``rules show``),
and what changed between two dates (``rules diff``). The JSON is the CLI's ``--format json``."""

from __future__ import annotations

import datetime as dt
from fastapi import APIRouter, Query, Response

from ...ruleset import select
from ...ruleset.views import find_rule, rule_dict
from ..deps import Caller, State, audited
from ..profiles import resolve_profile
from ..responses import LangCode, ProfileInput, day_or_today, recorded_json

router = APIRouter(prefix="/rules", tags=["rules"])


@router.get("", summary="Rules in effect on a date (= rules list --format json)")
async def list_rules(st: State, who: Caller, as_of: dt.date | None = None, lang: LangCode = "en",
                     include_drafts: bool = False) -> Response:
    with audited(st, who, "rules.list") as rec:
        applied = select(st.ruleset, day_or_today(as_of), None, include_drafts=include_drafts)
        return recorded_json(rec, [rule_dict(a) for a in applied])


@router.post("/select", summary="Rules that apply to a vendor (= rules list --profile --format json)")
async def select_rules(body: ProfileInput, st: State, who: Caller) -> Response:
    with audited(st, who, "rules.select") as rec:
        profile = resolve_profile(st.db, st.ruleset, body.profile)
        rec.profile_id = profile.id
        applied = select(st.ruleset, day_or_today(body.as_of), profile, include_drafts=body.include_drafts)
        return recorded_json(rec, [rule_dict(a, with_components=True) for a in applied])


@router.get("/diff", summary="What changed between two dates (= rules diff --format json)")
async def diff(st: State, who: Caller, from_: dt.date = Query(..., alias="from"), to: dt.date = Query(...),
               profile: str | None = Query(None, description="Id of a stored profile: only its rules."),
               include_drafts: bool = False) -> Response:
    from ...ruleset.diff import diff_rules

    with audited(st, who, "rules.diff") as rec:
        prof = resolve_profile(st.db, st.ruleset, profile) if profile else None
        rec.profile_id = prof.id if prof else None
        report = diff_rules(st.ruleset, from_, to, prof, new=st.ruleset, include_drafts=include_drafts)
        return recorded_json(rec, report.to_dict())


@router.get("/{rule_id}", summary="One rule with citation, questions and evidence (= rules show --format json)")
async def show(rule_id: str, st: State, who: Caller) -> Response:
    with audited(st, who, "rules.show") as rec:
        return recorded_json(rec, rule_dict(find_rule(st.ruleset, rule_id), full=True))
