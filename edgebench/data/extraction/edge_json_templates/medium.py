"""Medium EdgeJSON schemas (nested objects, enums, dates, amounts with units): values and text families."""
from __future__ import annotations

from edgebench.data.extraction.edge_json_templates.common import (
    Spec, clock, code, day, email, letters, money, person, phone, shuffled)

CURRENCIES = ("USD", "USD", "EUR", "GBP", "CAD")
WORK = ("website redesign", "quarterly bookkeeping", "office cleaning", "IT support retainer", "catering",
        "consulting hours", "equipment rental", "translation services")


def invoice(f, r):
    issue = day(r)
    due, cur = issue.plus(r.choice((14, 30, 45))), r.choice(CURRENCIES)
    sub, rate = money(r, 80, 4800), r.choice((0, 5, 8, 10))
    tax = round(sub * rate / 100, 2)
    g = {"invoice_number": f"INV-{issue.d.year}-{code(r, digits=4)}",
         "vendor": {"name": f.company(), "email": f"{r.choice(('billing', 'accounts', 'invoices'))}@{f.domain_name()}"},
         "client": {"name": f.company()}, "issue_date": str(issue), "due_date": str(due),
         "total": {"amount": round(sub + tax, 2), "currency": cur}, "status": r.choice(("paid", "unpaid", "overdue"))}
    return g, {"g": g, "issue": issue, "due": due, "sub": sub, "tax": tax, "rate": rate, "po": code(r, "PO-", 5),
               "ph": phone(r), "work": r.choice(WORK), "addr": f.address().replace("\n", ", "),
               "status_up": g["status"].upper()}


INVOICE = Spec(invoice, (
    "Subject: Invoice {g[invoice_number]} from {g[vendor][name]}\n\nDear {g[client][name]} team,\n\nPlease find "
    "attached invoice {g[invoice_number]}, issued {issue:long}, for the {work} we delivered. The total of "
    "{g[total][amount]:.2f} {g[total][currency]} is due by {due:long}.\n\nPayment status: {g[status]}\n\n"
    "Questions? Reply to {g[vendor][email]} or call {other} on {ph}.\n\n{bye}\n{other}\n{g[vendor][name]}",
    "INVOICE\n{g[vendor][name]}\n{addr}\n{g[vendor][email]}\n\nBill to: {g[client][name]}\nInvoice #: "
    "{g[invoice_number]}\nPO: {po}\nInvoice date: {issue:us}\nDue date: {due:us}\n\n{work:<28}{sub:>10.2f}\n"
    "Tax {rate}%{tax:>30.2f}\nTOTAL {g[total][currency]}{g[total][amount]:>29.2f}\n\n*** {status_up} ***",
    "{other_first}, quick one: the {g[vendor][name]} invoice {g[invoice_number]} (issued {issue:iso}, due "
    "{due:iso}) for {g[client][name]} comes to {g[total][currency]} {g[total][amount]:.2f} and it's "
    "{g[status]}. their billing contact is {g[vendor][email]}",
    lambda c, r: "[Accounts payable] Invoice received\n" + shuffled(r, [
        f"Vendor: {c['g']['vendor']['name']} <{c['g']['vendor']['email']}>", f"Customer: {c['g']['client']['name']}",
        f"Number: {c['g']['invoice_number']}", f"Dated: {c['issue']:short}",
        f"Amount: {c['g']['total']['currency']} {c['g']['total']['amount']:.2f}", f"Due: {c['due']:short}",
        f"Payment status: {c['g']['status']}", f"Approver: {c['other']}", f"PO: {c['po']}"]),
))

SPECIALTIES = ("cardiology", "dermatology", "pediatrics", "family medicine", "orthopedics", "neurology",
               "ophthalmology", "physical therapy")
VISIT = {"in-person": "an in-person visit", "video": "a video visit", "phone": "a phone appointment"}


def doctor_appointment(f, r):
    (pf, pl), (df, dl) = person(f), person(f)
    when, at = day(r), clock(r, 8, 17, 15)
    g = {"patient": {"name": f"{pf} {pl}", "phone": phone(r)},
         "provider": {"name": f"Dr. {df} {dl}", "specialty": r.choice(SPECIALTIES)},
         "date": str(when), "time": str(at), "visit_type": r.choice(sorted(VISIT))}
    vt = VISIT[g["visit_type"]]
    return g, {"g": g, "first": pf, "when": when, "at": at, "vt": vt, "vt_bare": vt.split(" ", 1)[1],
               "clinic_ph": phone(r),
               "clinic": f"{f.city()} {r.choice(('Medical Group', 'Health Center', 'Clinic'))}",
               "early": r.choice((10, 15, 20)), "member": code(r, letters(r, 3), 8)}


APPOINTMENT = Spec(doctor_appointment, (
    "To: {g[patient][name]} ({g[patient][phone]})\nReminder: you have {vt} with {g[provider][name]} "
    "({g[provider][specialty]}) on {when:short} at {at:12}. Please arrive {early} minutes early. Reply C to "
    "confirm or call {clinic_ph}.",
    "Subject: Appointment confirmed\n\nDear {g[patient][name]},\n\nYour {vt_bare} with {g[provider][name]}, "
    "{g[provider][specialty]}, is confirmed for {when:wd} at {at:12}. If anything changes we will call you at "
    "{g[patient][phone]}.\n\nMember ID: {member}\n\n{bye}\n{clinic}\n{clinic_ph}",
    "Voicemail transcript: Hi, this message is for {g[patient][name]}. This is {other_first} from {clinic}. "
    "I've booked you with {g[provider][name]} in {g[provider][specialty]} on {when:long} at {at:12}; it will be "
    "{vt}. We have your number as {g[patient][phone]}. Call us back at {clinic_ph} if that doesn't work.",
    lambda c, r: "Patient portal - upcoming visit\n" + shuffled(r, [
        f"Patient: {c['g']['patient']['name']}", f"Phone: {c['g']['patient']['phone']}",
        f"Provider: {c['g']['provider']['name']}", f"Department: {c['g']['provider']['specialty']}",
        f"Date: {c['when']:iso}", f"Time: {c['at']:24}", f"Visit type: {c['g']['visit_type']}",
        f"MRN: {c['ref']}"]),
))

PRODUCTS = ("SmartHome Hub", "Aria Wireless Earbuds", "Pulse Fitness Band", "Nimbus Router X2",
            "Photon Doorbell Cam", "Atlas Laptop 14", "Echo Thermostat", "Glide Robot Vacuum")
COMPLAINTS = {"billing": "I was charged twice for my subscription", "technical": "it keeps disconnecting from the wifi",
              "account": "I can't reset my password", "shipping": "the replacement never arrived"}


def support_ticket(f, r):
    first, last = person(f)
    opened = day(r)
    g = {"ticket_id": code(r, "TCK-", 6), "customer": {"name": f"{first} {last}", "email": email(f, first, last)},
         "product": r.choice(PRODUCTS), "category": r.choice(sorted(COMPLAINTS)),
         "priority": r.choice(("low", "medium", "high", "urgent")), "opened_on": str(opened)}
    return g, {"g": g, "first": first, "opened": opened, "at": clock(r, 0, 23, 1), "order": code(r, "#", 8),
               "complaint": COMPLAINTS[g["category"]], "brand": f.company()}


TICKET = Spec(support_ticket, (
    "Subject: [{g[ticket_id]}] We received your request\n\nDear {g[customer][name]},\n\nThanks for contacting "
    "{brand} support about your {g[product]}. We logged this as a {g[category]} issue with {g[priority]} priority on "
    "{opened:long}; your ticket number is {g[ticket_id]}. Updates will go to {g[customer][email]}.\n\n"
    "{bye}\n{other}, Support Team",
    lambda c, r: "HELPDESK EXPORT\n" + shuffled(r, [
        f"Ticket: {c['g']['ticket_id']}", f"Opened: {c['opened']:us} {c['at']:24}",
        f"Requester: {c['g']['customer']['name']} <{c['g']['customer']['email']}>",
        f"Product: {c['g']['product']}", f"Category: {c['g']['category']}", f"Priority: {c['g']['priority']}",
        f"Assignee: {c['other']}", f"Order: {c['order']}"]),
    "@channel escalating {g[ticket_id]} to {g[priority]}. {g[customer][name]} ({g[customer][email]}) opened it "
    "on {opened:iso}: {g[product]}, {g[category]} problem - \"{complaint}\". {other_first} can you take it?",
    "Chat transcript ({opened:us}, {at:12})\nAgent {other_first}: Hi! Can I get your name and email?\n"
    "Customer: {g[customer][name]}, {g[customer][email]}\nCustomer: my {g[product]} - {complaint}, order "
    "{order}\nAgent {other_first}: Sorry about that. I've opened ticket {g[ticket_id]} (category: "
    "{g[category]}, priority: {g[priority]}).",
))

UTILITY = {"electricity": ("kWh", 200, 1500, "Power"), "water": ("gallons", 1000, 9000, "Water"),
           "gas": ("therms", 10, 120, "Gas Co."), "internet": ("GB", 50, 900, "Fiber")}


def utility_bill(f, r):
    service = r.choice(sorted(UTILITY))
    unit, low, high, suffix = UTILITY[service]
    start = day(r)
    end, cur = start.plus(r.choice((29, 30))), r.choice(("USD", "USD", "CAD"))
    due = end.plus(21)
    g = {"provider": f"{f.city()} {suffix}", "account_number": f"{code(r, digits=4)}-{code(r, digits=6)}",
         "service": service, "billing_period": {"start": str(start), "end": str(end)},
         "usage": {"value": r.randint(low, high), "unit": unit}, "amount_due": {"amount": money(r, 25, 380),
                                                                              "currency": cur}, "due_date": str(due)}
    return g, {"g": g, "start": start, "end": end, "due": due, "stmt": end.plus(2), "prev": money(r, 25, 380),
               "lastday": start.plus(5), "meter": code(r, "M", 7), "addr": f.street_address(),
               "service_up": service.upper()}


BILL = Spec(utility_bill, (
    "{g[provider]}\n{service_up} SERVICE STATEMENT\nAccount number: {g[account_number]}\nService address: "
    "{addr}\nStatement date: {stmt:us}\n\nBilling period: {start:us} - {end:us}\nMeter {meter}: "
    "{g[usage][value]} {g[usage][unit]} used\n\nPrevious balance          {prev:.2f}\nPayment received          "
    "-{prev:.2f}\nAmount due ({g[amount_due][currency]})          {g[amount_due][amount]:.2f}\nDue date: {due:us}",
    "Subject: Your {g[service]} bill is ready\n\n{hi}\n\nYour {g[provider]} bill for account {g[account_number]} is "
    "ready. From {start:long} to {end:long} you used {g[usage][value]} {g[usage][unit]}. The amount due is "
    "{g[amount_due][amount]:.2f} {g[amount_due][currency]}, payable by {due:long}.\n\nYour last payment of "
    "{prev:.2f} was received on {lastday:long}.\n\n{bye}\n{g[provider]}",
    "{g[provider]}: {g[service]} bill for acct {g[account_number]} ({start:short} to {end:short}): "
    "{g[usage][value]} {g[usage][unit]}, {g[amount_due][currency]} {g[amount_due][amount]:.2f} due {due:short}. "
    "Pay at example.com/pay",
    "{other_first}: how much is the {g[service]} this month?\nme: {g[amount_due][currency]} "
    "{g[amount_due][amount]:.2f}, due {due:iso}. we used {g[usage][value]} {g[usage][unit]} from {start:iso} to "
    "{end:iso}. it's {g[provider]}, account {g[account_number]} if you want to pay it",
))

BANKS = ("Northwind Bank", "Harbor Savings", "Summit Credit Union", "Keystone Bank", "Evergreen Bank")
MEMOS = ("rent", "dinner split", "car repair", "birthday gift", "concert tickets", "utilities share")


def bank_transfer(f, r):
    (sf, sl), (rf, rl) = person(f), person(f)
    when = day(r)
    g = {"reference": f"{letters(r, 3)}{code(r, digits=8)}",
         "amount": {"amount": money(r, 10, 2500), "currency": r.choice(CURRENCIES)},
         "sender": {"name": f"{sf} {sl}", "account_last4": f"{r.randrange(10000):04d}"},
         "recipient": {"name": f"{rf} {rl}", "bank": r.choice(BANKS)}, "date": str(when)}
    return g, {"g": g, "when": when, "sfirst": sf, "rfirst": rf, "txid": code(r, "TX", 10), "fee": money(r, 0, 5),
               "bal": money(r, 100, 8000), "memo": r.choice(MEMOS), "sbank": r.choice(BANKS)}


TRANSFER = Spec(bank_transfer, (
    "Subject: Your transfer has been sent\n\nDear {g[sender][name]},\n\nYou sent {g[amount][amount]:.2f} "
    "{g[amount][currency]} to {g[recipient][name]} ({g[recipient][bank]}) from your account ending "
    "{g[sender][account_last4]} on {when:long}.\n\nReference: {g[reference]}\nTransaction ID: {txid}\nFee: "
    "{fee:.2f} {g[amount][currency]}\n\n{bye}\n{sbank}",
    "{g[recipient][bank]}: {g[recipient][name]}, you received {g[amount][currency]} {g[amount][amount]:.2f} from "
    "{g[sender][name]} (acct ****{g[sender][account_last4]}) on {when:short}. Ref {g[reference]}. New balance "
    "{g[amount][currency]} {bal:.2f}.",
    lambda c, r: "Transfer details\n" + shuffled(r, [
        f"From: {c['g']['sender']['name']} ****{c['g']['sender']['account_last4']}",
        f"To: {c['g']['recipient']['name']}, {c['g']['recipient']['bank']}",
        f"Amount: {c['g']['amount']['amount']:.2f} {c['g']['amount']['currency']}", f"Date: {c['when']:iso}",
        f"Reference: {c['g']['reference']}", "Status: completed", f"Memo: {c['memo']}", f"Trace: {c['txid']}"]),
    "{g[recipient][name]}: did you send the {memo} money?\n{g[sender][name]}: yep, {g[amount][amount]:.2f} "
    "{g[amount][currency]} went out from my account ending {g[sender][account_last4]} to your "
    "{g[recipient][bank]} account on {when:us}, reference {g[reference]}",
))

JOBS = ("Warehouse Associate", "Barista", "Data Analyst", "Dental Hygienist", "Junior Web Developer",
        "Delivery Driver", "Line Cook", "Customer Success Manager", "Electrician Apprentice", "UX Researcher")
TYPES = {"full-time": "Full-time", "part-time": "Part-time", "contract": "Contract", "internship": "Internship"}


def job_post(f, r):
    period = r.choice(("year", "hour"))
    low = float(r.randrange(40, 120) * 1000) if period == "year" else r.randrange(30, 80) / 2
    high = low + (r.randrange(5, 40) * 1000 if period == "year" else r.randrange(4, 20) / 2)
    apply = day(r)
    g = {"title": r.choice(JOBS), "company": {"name": f.company(), "city": f.city()},
         "employment_type": r.choice(sorted(TYPES)),
         "salary": {"min": low, "max": high, "currency": r.choice(CURRENCIES), "period": period},
         "apply_by": str(apply)}
    recruiter = " ".join(person(f))
    return g, {"g": g, "apply": apply, "posted": apply.plus(-r.randint(10, 40)), "yrs": r.randint(1, 8),
               "team": r.randint(4, 60), "recruiter": recruiter, "ph": phone(r), "etype": TYPES[g["employment_type"]],
               "lo": f"{low:.2f}" if period == "hour" else f"{low:.0f}",
               "hi": f"{high:.2f}" if period == "hour" else f"{high:.0f}"}


JOB = Spec(job_post, (
    "{g[title]}\n{g[company][name]} - {g[company][city]}\n{etype}\n\nPay: {g[salary][currency]} {lo} - {hi} per "
    "{g[salary][period]}\nPosted {posted:short} | Apply by {apply:short}\n\nJoin a team of {team}. We are looking "
    "for someone with {yrs}+ years of experience.\n\nQuestions: {recruiter}, {ph}",
    "Subject: {g[title]} opportunity at {g[company][name]}\n\nHi {other_first},\n\nI think you'd be a great fit "
    "for a {g[employment_type]} {g[title]} role at {g[company][name]} in {g[company][city]}. The range is {lo} to "
    "{hi} {g[salary][currency]} a {g[salary][period]}. Applications close on {apply:long}, so let me know "
    "soon!\n\n{bye}\n{recruiter}, Talent Partner",
    "my company ({g[company][name]}) is hiring a {g[title]} in {g[company][city]}! {g[employment_type]}, "
    "{lo}-{hi} {g[salary][currency]}/{g[salary][period]}. apply before {apply:iso}, I can refer you. they want "
    "{yrs} yrs experience",
    "NOW HIRING\n{g[title]}\n{etype}\n{g[company][name]}, {g[company][city]}\nFrom {g[salary][currency]} {lo} up "
    "to {hi} per {g[salary][period]}\nApply by {apply:us}\nCall {ph} or walk in Mon-Fri",
))

EVENTS = ("{}'s 30th Birthday Party", "Annual Summer Picnic", "Book Club Night", "Product Launch Mixer",
          "Charity Gala", "{}'s Housewarming", "Team Offsite Dinner", "Neighborhood Cleanup")
VENUES = ("The {} Loft", "{} Community Hall", "{} Park Pavilion", "Hotel {}", "{} Brewing Co.", "The {} Room")


def event_invite(f, r):
    first, last = person(f)
    when, start = day(r), clock(r, 10, 20, 30)
    rsvp = when.plus(-r.randint(5, 14))
    g = {"event": r.choice(EVENTS).format(first), "host": {"name": f"{first} {last}", "email": email(f, first, last)},
         "date": str(when), "start_time": str(start),
         "venue": {"name": r.choice(VENUES).format(f.last_name()), "city": f.city()}, "rsvp_by": str(rsvp)}
    return g, {"g": g, "when": when, "start": start, "rsvp": rsvp, "end": start.plus(r.choice((120, 180, 240, 300))),
               "dress": r.choice(("casual", "cocktail", "smart casual", "costume")), "other2": " ".join(person(f)),
               "parking": money(r, 5, 20), "plus": r.randint(1, 3)}


INVITE = Spec(event_invite, (
    "Subject: You're invited: {g[event]}\n\n{hi}\n\nJoin us for {g[event]} on {when:wd}, starting at {start:12} "
    "(until about {end:12}) at {g[venue][name]}, {g[venue][city]}. Parking is {parking:.2f} at the door. Please "
    "RSVP to {g[host][name]} at {g[host][email]} by {rsvp:long}; you may bring up to {plus} guests.\n\n{bye}\n"
    "{g[host][name]}\n\nCc: {other}",
    "{g[event]}\nHosted by {g[host][name]}\n\nWhen: {when:long}, {start:12} - {end:12}\nWhere: "
    "{g[venue][name]}, {g[venue][city]}\nDress code: {dress}\nRSVP by {rsvp:long} to {g[host][email]}",
    "heyy! {g[event]} is on {when:us} at {start:12}, {g[venue][name]} in {g[venue][city]}. text me or email "
    "{g[host][email]} by {rsvp:us} so I know numbers!! {other_first} is bringing snacks - {g[host][name]}",
    "Invitation: {g[event]}\nOrganizer: {g[host][name]} <{g[host][email]}>\nDate: {when:iso}\nTime: "
    "{start:24}-{end:24}\nLocation: {g[venue][name]}, {g[venue][city]}\nRespond by: {rsvp:iso}\nGuests: "
    "{other}, {other2}",
))

CAR_MODELS = {"economy": "Kia Rio", "compact": "Toyota Corolla", "midsize": "Honda Accord", "SUV": "Ford Explorer",
              "minivan": "Chrysler Pacifica"}


def _spot(f, r):
    city = f.city()
    return r.choice((f"{city} Airport", f"Downtown {city}", f"{city} Central Station"))


def car_rental(f, r):
    pick = day(r)
    days, cur = r.randint(1, 10), r.choice(CURRENCIES)
    rate = money(r, 25, 110)
    where = _spot(f, r)
    drop_at = where if r.random() < 0.6 else _spot(f, r)
    pt, dt = clock(r, 7, 20, 15), clock(r, 7, 20, 15)
    g = {"confirmation": f"{letters(r, 2)}{code(r, digits=7)}", "car_class": r.choice(sorted(CAR_MODELS)),
         "pickup": {"location": where, "date": str(pick), "time": str(pt)},
         "dropoff": {"location": drop_at, "date": str(pick.plus(days)), "time": str(dt)},
         "price": {"amount": round(rate * days + r.choice((0, 15, 30)), 2), "currency": cur}}
    return g, {"g": g, "pd": pick, "dd": pick.plus(days), "pt": pt, "dt": dt, "days": days, "rate": rate,
               "model": CAR_MODELS[g["car_class"]], "dep": float(r.choice((200, 250, 300))),
               "company": r.choice(("Zipline Rentals", "Roadway Car Hire", "Budgetly", "Metro Auto Rent"))}


RENTAL = Spec(car_rental, (
    "Subject: Reservation {g[confirmation]} confirmed\n\n{hi}\n\nThanks for booking with {company}. Your "
    "{g[car_class]} car ({model} or similar) is reserved.\n\nPick-up: {g[pickup][location]}, {pd:wd} at {pt:12}\n"
    "Return: {g[dropoff][location]}, {dd:wd} at {dt:12}\n\nEstimated total: {g[price][amount]:.2f} "
    "{g[price][currency]} (a deposit of {dep:.2f} will be held on your card).\n\nConfirmation number: "
    "{g[confirmation]}",
    "{company}: {g[confirmation]} - car class {g[car_class]}, pick up {pd:short} {pt:12} at {g[pickup][location]}, "
    "return {dd:short} {dt:12} at {g[dropoff][location]}. Total {g[price][currency]} {g[price][amount]:.2f}.",
    "RENTAL VOUCHER {g[confirmation]}\nVehicle group: {g[car_class]} ({model})\nPICK-UP  {g[pickup][location]}  "
    "{pd:us} {pt:24}\nRETURN   {g[dropoff][location]}  {dd:us} {dt:24}\nRate: {rate:.2f} {g[price][currency]}/day "
    "x {days}\nTotal incl. fees: {g[price][amount]:.2f} {g[price][currency]}",
    "me: got the car sorted. {company}, conf {g[confirmation]}. {g[car_class]}. picking up at "
    "{g[pickup][location]} on {pd:iso} at {pt:24}, dropping off at {g[dropoff][location]} {dd:iso} {dt:24}. "
    "{g[price][amount]:.2f} {g[price][currency]} all in\n{other_first}: nice",
))

SHIP_SERVICE = ("Ground", "2Day", "Express Saver", "Priority")


def _tracking(r, carrier: str) -> str:
    return {"UPS": f"1Z{letters(r, 3)}{code(r, digits=10)}", "USPS": code(r, "9400", 18),
            "DHL": code(r, digits=10)}.get(carrier, code(r, digits=12))


def shipping_notice(f, r):
    first, last = person(f)
    carrier = r.choice(("UPS", "FedEx", "DHL", "USPS"))
    ship = day(r)
    eta, unit = ship.plus(r.randint(2, 7)), r.choice(("kg", "lb"))
    g = {"carrier": carrier, "tracking_number": _tracking(r, carrier), "ship_date": str(ship),
         "estimated_delivery": str(eta),
         "recipient": {"name": f"{first} {last}", "address": {"street": f.street_address(), "city": f.city(),
                                                              "state": f.state_abbr(), "zip": f.zipcode()}},
         "weight": {"value": round(r.uniform(0.3, 25), 1), "unit": unit}}
    return g, {"g": g, "a": g["recipient"]["address"], "ship": ship, "eta": eta, "order": code(r, "#", 7),
               "sender": f.company(), "saddr": f.street_address(), "scity": f"{f.city()}, {f.state_abbr()} "
               f"{f.zipcode()}", "service": r.choice(SHIP_SERVICE), "n": r.randint(1, 6)}


SHIPPING = Spec(shipping_notice, (
    "Subject: Your order has shipped!\n\n{hi}\n\nGood news: order {order} left our warehouse on {ship:long} with "
    "{g[carrier]} (tracking number {g[tracking_number]}). Estimated delivery: {eta:long}.\n\nShipping to:\n"
    "{g[recipient][name]}\n{a[street]}\n{a[city]}, {a[state]} {a[zip]}\n\nPackage weight: {g[weight][value]} "
    "{g[weight][unit]}\n\n{sender}\n{saddr}\n{scity}",
    "FROM: {sender}\n{saddr}\n{scity}\n\nSHIP TO:\n{g[recipient][name]}\n{a[street]}\n{a[city]} {a[state]} "
    "{a[zip]}\n\n{g[carrier]} {service}\nTRACKING #: {g[tracking_number]}\nWT: {g[weight][value]} "
    "{g[weight][unit]}\nSHIP DATE: {ship:us}\nEST. DELIVERY: {eta:us}",
    "{g[carrier]}: Package {g[tracking_number]} for {g[recipient][name]} shipped {ship:short}, arriving "
    "{eta:short} at {a[street]}, {a[city]}, {a[state]} {a[zip]}. Weight {g[weight][value]}{g[weight][unit]}.",
    "Packing slip - order {order}\nShip date {ship:iso} via {g[carrier]} ({g[tracking_number]})\nDeliver to: "
    "{g[recipient][name]}, {a[street]}, {a[city]}, {a[state]} {a[zip]}\nExpected {eta:iso}\nTotal weight "
    "{g[weight][value]} {g[weight][unit]}, {n} items",
))

SPECS = {"invoice": INVOICE, "doctor_appointment": APPOINTMENT, "support_ticket": TICKET, "utility_bill": BILL,
         "bank_transfer": TRANSFER, "job_post": JOB, "event_invite": INVITE, "car_rental": RENTAL,
         "shipping_notice": SHIPPING}
