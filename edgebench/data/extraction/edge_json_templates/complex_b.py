"""Complex EdgeJSON schemas, part B (prescriptions, meeting notes, expenses, car service)."""
from __future__ import annotations

import datetime as dt

from edgebench.data.extraction.edge_json_templates.common import (
    Day, Spec, clock, code, day, letters, money, person, shuffled)

DRUGS = {"Amoxicillin": ((250, 500), "mg"), "Ibuprofen": ((200, 400, 600), "mg"),
         "Levothyroxine": ((25, 50, 75), "mcg"),
         "Cetirizine syrup": ((5, 10), "ml"), "Prednisone": ((5, 10, 20), "mg"), "Metformin": ((500, 850), "mg"),
         "Omeprazole": ((20, 40), "mg"), "Amoxicillin suspension": ((5, 7.5), "ml")}
FREQUENCIES = ("once daily", "twice daily", "three times daily", "every 8 hours", "as needed")


def prescription(f, r):
    (pf, pl), (df, dl) = person(f), person(f)
    born, issued = Day(dt.date(r.randint(1940, 2015), r.randint(1, 12), r.randint(1, 28))), day(r)
    meds = []
    for name in r.sample(sorted(DRUGS), r.randint(1, 3)):
        values, unit = DRUGS[name]
        m = {"name": name, "dose": {"value": r.choice(values), "unit": unit}, "frequency": r.choice(FREQUENCIES)}
        if r.random() < 0.6:
            m["duration_days"] = r.choice((5, 7, 10, 14, 30, 90))
        if r.random() < 0.5:
            m["refills"] = r.randint(0, 5)
        meds.append(m)
    g = {"patient": {"name": f"{pf} {pl}", "date_of_birth": str(born)}, "prescriber": {"name": f"Dr. {df} {dl}"},
         "issue_date": str(issued), "medications": meds}
    if r.random() < 0.5:
        g["prescriber"]["license_number"] = code(r, r.choice(("MD", "DO", "NP")) + "-", 6)
    return g, {"g": g, "first": pf, "born": born, "issued": issued, "npi": code(r, digits=10),
               "clinic": f"{f.city()} Family Practice", "weight": r.randint(12, 110)}


def _med(m, sep: str = ", ") -> str:
    parts = [f"{m['name']} {m['dose']['value']} {m['dose']['unit']}", m["frequency"]]
    if "duration_days" in m:
        parts.append(f"for {m['duration_days']} days")
    if "refills" in m:
        parts.append(f"refills: {m['refills']}")
    return sep.join(parts)


def _lic(g, fmt: str) -> str:
    return fmt.format(g["prescriber"]["license_number"]) if "license_number" in g["prescriber"] else ""


def _rx_print(c, r):
    g = c["g"]
    meds = "\n".join(f"{i}. {_med(m, ' - ')}" for i, m in enumerate(g["medications"], 1))
    return (f"{c['clinic']}\n{g['prescriber']['name']}{_lic(g, ', License {}')}\nNPI {c['npi']}\nDate: "
            f"{c['issued']:us}\n\nPatient: {g['patient']['name']}  DOB: {c['born']:us}  Weight: {c['weight']} kg\n\n"
            f"Rx:\n{meds}\n\nSignature: ____________")


def _rx_portal(c, r):
    g = c["g"]
    meds = "; ".join(_med(m) for m in g["medications"])
    return (f"Hi {c['first']}, {g['prescriber']['name']}{_lic(g, ' ({})')} sent a new prescription for "
            f"{g['patient']['name']} (date of birth {c['born']:long}) to your pharmacy on {c['issued']:long}: {meds}. "
            f"Reply to this message if you have questions. - {c['clinic']}")


def _rx_dictation(c, r):
    g = c["g"]
    order = ("First", "Second", "Third")
    meds = " ".join(f"{order[i]}, {_med(m)}." for i, m in enumerate(g["medications"]))
    return (f"Pharmacy voicemail: This is {g['prescriber']['name']}{_lic(g, ', license number {},')} calling in a "
            f"prescription dated {c['issued']:long} for {g['patient']['name']}, born {c['born']:dmy}. {meds} "
            f"My callback number is on file. Thanks.")


def _rx_form(c, r):
    g = c["g"]
    head = shuffled(r, [f"Patient name: {g['patient']['name']}", f"DOB: {c['born']:iso}",
                        f"Prescriber: {g['prescriber']['name']}", _lic(g, "License: {}"),
                        f"Issued: {c['issued']:iso}", f"NPI: {c['npi']}"])
    meds = "\n".join(f"[{i}] {_med(m, ' | ')}" for i, m in enumerate(g["medications"], 1))
    return f"E-PRESCRIPTION\n{head}\nMedications:\n{meds}"


PRESCRIPTION = Spec(prescription, (_rx_print, _rx_portal, _rx_dictation, _rx_form))

MEETINGS = ("Weekly product sync", "Q3 budget review", "Website relaunch kickoff", "Safety committee",
            "Hiring plan check-in", "Vendor selection meeting")
ROLES = ("facilitator", "note taker", "engineering lead", "finance", "design", "sales", "HR")
TASKS = ("send the revised budget draft", "book the venue", "update the project timeline", "review vendor quotes",
         "draft the job description", "fix the login bug", "prepare the customer survey", "order new laptops")


def meeting_notes(f, r):
    when = day(r)
    attendees = []
    for role in r.sample(ROLES, r.randint(2, 5)):  # distinct roles, each kept or not
        a = {"name": " ".join(person(f))}
        if r.random() < 0.5:
            a["role"] = role
        attendees.append(a)
    items = []
    for task in r.sample(TASKS, r.randint(1, 3)):
        item = {"owner": r.choice(attendees)["name"], "task": task}
        if r.random() < 0.6:
            item["due"] = str(when.plus(r.randint(2, 21)))
        items.append(item)
    g = {"title": r.choice(MEETINGS), "date": str(when), "attendees": attendees, "action_items": items}
    if r.random() < 0.5:
        g["next_meeting"] = str(when.plus(r.choice((7, 14))))
    return g, {"g": g, "when": when, "at": clock(r, 8, 17, 15), "room": f"Room {r.randint(100, 499)}",
               "absent": " ".join(person(f))}


def _who(a) -> str:
    return a["name"] + (f" ({a['role']})" if "role" in a else "")


def _todo(i, fmt: str = "{}") -> str:
    return f"{i['owner']}: {i['task']}" + (f" by {fmt.format(Day.of(i['due']))}" if "due" in i
                                          else "")


def _minutes(c, r):
    g = c["g"]
    nxt = f"\nNext meeting: {c['g']['next_meeting']}" if "next_meeting" in g else ""
    return (f"MINUTES - {g['title']}\nDate: {c['when']:iso}, {c['at']:24}, {c['room']}\nPresent: "
            f"{', '.join(_who(a) for a in g['attendees'])}\nApologies: {c['absent']}\n\nAction items:\n"
            + "\n".join(f"- {_todo(i)}" for i in g["action_items"]) + nxt)


def _slack(c, r):
    g = c["g"]
    nxt = f" Next one is {Day.of(g['next_meeting']):long}." if "next_meeting" in g else ""
    todos = "\n".join(f"- {_todo(i, '{:short}')}" for i in g["action_items"])
    return (f"Recap of today's {g['title']} ({c['when']:short}), with {', '.join(_who(a) for a in g['attendees'])}"
            f" ({c['absent']} couldn't make it):\n{todos}\n{nxt}")


def _recap_email(c, r):
    g = c["g"]
    todos = "\n".join(f"{n}. {i['task']} - owner {i['owner']}" + (f", due {i['due']}" if "due" in i else "")
                      for n, i in enumerate(g["action_items"], 1))
    nxt = f"\nWe meet again on {g['next_meeting']}." if "next_meeting" in g else ""
    return (f"Subject: Notes: {g['title']}\n\n{c['hi']}\n\nThanks all for joining on {c['when']:wd}. Attendees: "
            + "; ".join(_who(a) for a in g["attendees"]) + f".\n\nFollow-ups:\n{todos}\n{nxt}\n\n{c['bye']}\n"
            f"{g['attendees'][0]['name']}\nCc: {c['absent']}")


def _notes(c, r):
    g = c["g"]
    people = ", ".join(_who(a) for a in g["attendees"])
    todos = "; ".join(_todo(i, "{:us}") for i in g["action_items"])
    nxt = f" next mtg {Day.of(g['next_meeting']):us}" if "next_meeting" in g else ""
    return f"notes {c['when']:us} {g['title']} ({c['room']}) - here: {people}. AIs: {todos}.{nxt}"


MEETING = Spec(meeting_notes, (_minutes, _slack, _recap_email, _notes))

EXPENSES = {"travel": ("Train ticket", "Flight change fee"), "meals": ("Client lunch", "Team dinner"),
            "lodging": ("Hotel night", "Airbnb"), "supplies": ("Printer paper", "Whiteboard markers"),
            "transport": ("Taxi to airport", "Parking garage")}


def expense_report(f, r):
    start = day(r)
    cur = r.choice(("USD", "EUR", "GBP"))
    rows = []
    for _ in range(r.randint(1, 4)):
        cat = r.choice(sorted(EXPENSES))
        e = {"date": str(start.plus(r.randint(0, 13))), "category": cat}
        if r.random() < 0.7:
            e["description"] = r.choice(EXPENSES[cat])
        e["amount"] = {"amount": money(r, 4, 320), "currency": cur}
        rows.append(e)
    g = {"employee": {"name": " ".join(person(f)), "id": code(r, "E", 5)}}
    if r.random() < 0.5:
        g["period"] = {"start": str(start), "end": str(start.plus(13))}
    g |= {"expenses": rows,
          "total": {"amount": round(sum(e["amount"]["amount"] for e in rows), 2), "currency": cur}}
    return g, {"g": g, "cc": code(r, "CC-", 4), "limit": float(r.choice((50, 75, 100))),
               "cur": cur, "km": r.randint(10, 300)}


def _period(g, word: str = "Period") -> str:
    return f"{word}: {g['period']['start']} to {g['period']['end']}" if "period" in g else ""


def _expense_form(c, r):
    g = c["g"]
    rows = "\n".join(f"{e['date']}  {e['category']:<10} {e.get('description', '-'):<20} {e['amount']['amount']:.2f}"
                     for e in g["expenses"])
    return (f"EXPENSE CLAIM\nEmployee: {g['employee']['name']} (ID {g['employee']['id']})\nCost center: {c['cc']}\n"
            f"{_period(g)}\n\nDATE  CATEGORY  DESCRIPTION  AMOUNT ({c['cur']})\n{rows}\n\nTOTAL {c['cur']} "
            f"{g['total']['amount']:.2f}\nMeal limit per day: {c['limit']:.2f}\nApprover: {c['other']}")


def _expense_email(c, r):
    g = c["g"]
    rows = "\n".join(f"- {Day.of(e['date']):long}: {e['category']}"
                     + (f" ({e['description']})" if "description" in e else "")
                     + f", {e['amount']['amount']:.2f} {e['amount']['currency']}" for e in g["expenses"])
    per = (f" for the period {Day.of(g['period']['start']):long} - {Day.of(g['period']['end']):long}"
           if "period" in g else "")
    return (f"Subject: Expense report - {g['employee']['name']}\n\nHi {c['other_first']},\n\nPlease approve my "
            f"expenses{per}:\n\n{rows}\n\nTotal: {g['total']['amount']:.2f} {g['total']['currency']}. Receipts are "
            f"attached; I also drove {c['km']} km but will claim mileage separately.\n\nThanks,\n"
            f"{g['employee']['name']} (employee ID {g['employee']['id']})")


def _expense_csv(c, r):
    g = c["g"]
    rows = "\n".join(f"{e['date']},{e['category']},{e.get('description', '')},{e['amount']['amount']:.2f},"
                     f"{e['amount']['currency']}" for e in g["expenses"])
    per = f"# period {g['period']['start']}..{g['period']['end']}\n" if "period" in g else ""
    return (f"# export for {g['employee']['name']} / {g['employee']['id']} / {c['cc']}\n{per}date,category,"
            f"description,amount,currency\n{rows}\n# total {g['total']['amount']:.2f} {g['total']['currency']}")


def _expense_chat(c, r):
    g = c["g"]
    rows = ", ".join(f"{e['amount']['amount']:.2f} for {e['category']}" + (f" ({e['description']})" if
                     "description" in e else "") + f" on {Day.of(e['date']):short}" for e in g["expenses"])
    per = f" {_period(g, 'period')}." if "period" in g else ""
    return (f"{g['employee']['name']} (ID {g['employee']['id']}): hey {c['other_first']}, logging my expenses in "
            f"{c['cur']}: {rows}. that's {g['total']['amount']:.2f} {g['total']['currency']} altogether.{per}")


EXPENSE = Spec(expense_report, (_expense_form, _expense_email, _expense_csv, _expense_chat))

CARS = (("Toyota", "Camry"), ("Honda", "Civic"), ("Ford", "F-150"), ("Subaru", "Outback"), ("Hyundai", "Tucson"),
        ("Chevrolet", "Malibu"), ("Nissan", "Leaf"), ("Volkswagen", "Golf"))
JOBS = {"Oil change": ((("Synthetic oil 5W-30", 34.99), ("Oil filter", 12.5)), 0.5),
        "Brake pad replacement": ((("Front brake pads", 89.0),), 1.5), "Tire rotation": ((), 0.5),
        "Battery replacement": ((("12V battery", 149.99),), 0.3), "Wheel alignment": ((), 1.0),
        "Air filter replacement": ((("Engine air filter", 24.99),), 0.2),
        "Coolant flush": ((("Coolant 1 gal", 22.0),), 1.0)}


def car_service(f, r):
    make, model = r.choice(CARS)
    vehicle = {"make": make, "model": model, "year": r.randint(2008, 2024)}
    if r.random() < 0.6:
        vehicle["plate"] = f.license_plate()
    rate, services = float(r.choice((95, 110, 125, 140))), []
    for name in r.sample(sorted(JOBS), r.randint(1, 3)):
        parts, hours = JOBS[name]
        s = {"name": name}
        if r.random() < 0.8:
            s["labor_hours"] = hours
        if parts and r.random() < 0.85:
            s["parts"] = [{"name": p, "price": round(price * r.uniform(0.9, 1.1), 2)} for p, price in parts]
        services.append(s)
    labor = sum(s.get("labor_hours", 0) * rate for s in services)
    parts_sum = sum(p["price"] for s in services for p in s.get("parts", []))
    mileage, when = r.randint(5000, 180000), day(r)
    g = {"shop": r.choice(("{} Auto Care", "{} Garage", "{} Motors Service")).format(f.last_name()), "date": str(when),
         "vehicle": vehicle, "mileage": mileage, "services": services,
         "total": {"amount": round(labor + parts_sum + r.choice((0, 9.95)), 2), "currency": r.choice(("USD", "CAD"))}}
    return g, {"g": g, "d": when, "rate": rate, "next": mileage + 5000,
               "vin": f"{letters(r, 3)}{code(r, digits=8)}{letters(r, 2)}{code(r, digits=4)}", "tech": f.first_name()}


def _svc(s, sep: str = ", ") -> str:
    bits = [s["name"]]
    if "labor_hours" in s:
        bits.append(f"{s['labor_hours']} h labor")
    bits += [f"{p['name']} {p['price']:.2f}" for p in s.get("parts", [])]
    return sep.join(bits)


def _car(v) -> str:
    return f"{v['year']} {v['make']} {v['model']}" + (f", plate {v['plate']}" if "plate" in v else "")


def _svc_invoice(c, r):
    g = c["g"]
    rows = "\n".join(f"* {_svc(s, chr(10) + '    ')}" for s in g["services"])
    return (f"{g['shop'].upper()}\nRepair order {c['ref']}  Date {c['d']:us}\nVehicle: {_car(g['vehicle'])}\n"
            f"VIN {c['vin']}\nOdometer: {g['mileage']} mi\n\n{rows}\n\nLabor rate {c['rate']:.2f}/h\nTOTAL "
            f"{g['total']['amount']:.2f} {g['total']['currency']}\nNext service due at {c['next']} mi")


def _svc_sms(c, r):
    g = c["g"]
    return (f"{g['shop']}: your {_car(g['vehicle'])} is ready ({c['d']:short}). Done at {g['mileage']} miles: "
            + "; ".join(_svc(s) for s in g["services"]) + f". Total {g['total']['currency']} "
            f"{g['total']['amount']:.2f}. Tech: {c['tech']}.")


def _svc_email(c, r):
    g = c["g"]
    rows = "\n".join(f"- {_svc(s)}" for s in g["services"])
    return (f"Subject: Your service invoice from {g['shop']}\n\n{c['hi']}\n\nThanks for bringing in your "
            f"{_car(g['vehicle'])} on {c['d']:long} (mileage {g['mileage']}). Work completed:\n{rows}\n\nAmount "
            f"charged: {g['total']['amount']:.2f} {g['total']['currency']} (labor billed at {c['rate']:.2f} per hour)."
            f"\nWe recommend your next visit at {c['next']} miles.\n\n{c['bye']}\n{c['tech']}, {g['shop']}")


def _svc_voice(c, r):
    g = c["g"]
    return (f"Voicemail from {g['shop']}: Hi, this is {c['tech']}. On {c['d']:dmy} we finished your "
            f"{_car(g['vehicle'])}, odometer {g['mileage']}. We did " + "; then ".join(_svc(s) for s in g["services"])
            + f". It comes to {g['total']['amount']:.2f} {g['total']['currency']}. Call us back when you can.")


CAR_SERVICE = Spec(car_service, (_svc_invoice, _svc_sms, _svc_email, _svc_voice))

SPECS = {"prescription": PRESCRIPTION, "meeting_notes": MEETING, "expense_report": EXPENSE,
         "car_service": CAR_SERVICE}
