"""The case generator's template banks checked before any row is drawn: every template of every kind well
formed, and every frame plannable (``cases_v2.generate`` calls ``check_banks`` first)."""
from __future__ import annotations

import random

from edgebench.data.cases import cases_v2 as C
from edgebench.data.cases.case_schema import FLAGS, STATUSES
from edgebench.data.writing import compose
from edgebench.errors import EdgeBenchError


def check_banks() -> None:
    """Every template of every kind is well formed: known channel, roles and slots, one charge and one
    upcoming date at most, items in receipts with a charge, flags and statuses of the schema; every
    frame plans with its optional steps all kept and all left out. Raises EdgeBenchError at a fault."""
    for kind, spec in C.KINDS.items():
        roles = {"me", "friend", *spec["roles"]}
        templates = [*spec["extras"], *[t for frame in spec["frames"] for t in frame]]
        templates += C.F.FILLERS if kind == next(iter(C.KINDS)) else []  # fillers use me, friend and biz only
        if "biz" not in roles or len(spec["frames"]) < 2:
            raise EdgeBenchError(f"case kind '{kind}' needs a role 'biz' and two frames")
        for template in templates:
            channel, frm, to, body = C._head(template)
            where = f"case kind '{kind}', template {template[:50]!r}"
            if channel not in C.TEMPLATE_CHANNELS or frm not in roles or to not in roles:
                raise EdgeBenchError(f"{where}: unknown channel or role")
            for name, s in C._slots(compose.ALTERNATIVES.sub(lambda m: " ".join(m.group(1).split("|")), body)):
                base = name.removesuffix("_first")
                role = {"from": frm, "to": to}.get(base, base)
                ok = (role in roles and (name == base or C.role_type(kind, role) == "person")
                      or name in C.MONEY | C.DATES | C.NUMBERS
                      and (name not in ("charge", "fee", "quote") or s in ("", "same") or s in spec["amounts"])
                      or name == "items" and channel == "receipt" and (s or "default") in spec["items"]
                      or name == "flag" and s in FLAGS or name == "status" and s in STATUSES)
                if not ok:
                    raise EdgeBenchError(f"{where}: slot {{{name}{':' + s if s else ''}}} is unknown here")
            probe = random.Random(template)
            for _ in range(12):  # documents as drawn: one alternative of each [a|b]
                names = [n for n, _ in C._slots(compose.pick(body, probe)[0])]
                if names.count("charge") > 1 or names.count("date") > 1 or "items" in names and "charge" not in names:
                    raise EdgeBenchError(f"{where}: one {{charge}} (which {{items}} needs) and one {{date}} at most")
        for index in range(len(spec["frames"])):
            for keep in (0.0, 1.0):
                C._plan(kind, index, random.Random(0), 30, 30, keep=keep)
