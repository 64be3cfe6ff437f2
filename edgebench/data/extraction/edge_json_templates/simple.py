"""Simple EdgeJSON schemas (flat objects): gold values and four text families each."""
from __future__ import annotations

from edgebench.data.extraction.edge_json_templates.common import (
    Spec, clock, code, day, email, letters, money, person, phone, shuffled)

TITLES = ("Sales Manager", "Software Engineer", "Office Manager", "Nurse Practitioner", "Account Executive",
          "Product Designer", "Project Coordinator", "Site Supervisor", "Marketing Lead", "Operations Analyst")


def contact_card(f, r):
    first, last = person(f)
    g = {"name": f"{first} {last}", "phone": phone(r), "email": email(f, first, last), "company": f.company()}
    if r.random() < 0.6:
        g["job_title"] = r.choice(TITLES)
    t = g.get("job_title")
    return g, {"g": g, "office": phone(r), "fax": phone(r), "addr": f.street_address(), "secs": r.randint(10, 59),
               "title_nl": f"\n{t}" if t else "", "title_comma": f", {t}," if t else "",
               "title_paren": f" ({t})" if t else "",
               "event": r.choice(("trade show", "conference", "meetup", "open house", "workshop"))}


def _card_scan(c, r):
    g = c["g"]
    return "[business card scan]\n" + shuffled(r, [
        g["company"].upper(), g["name"], g.get("job_title", ""), f"T {g['phone']}", f"F {c['fax']}",
        f"E {g['email']}", c["addr"]])


CONTACT = Spec(contact_card, (
    "Subject: Great to meet you\n\n{hi}\n\nGreat meeting you at the {event} yesterday. I've copied {other}, who "
    "ran the demo. My details are below so you can reach me directly.\n\n{bye}\n{g[name]}{title_nl}\n"
    "{g[company]}\nMobile: {g[phone]} | Office: {office}\n{g[email]}",
    "hey it's {g[name]} from {g[company]}{title_paren} - this is my new cell {g[phone]}, save it! "
    "email is still {g[email]}",
    _card_scan,
    "Voicemail from {office} (0:{secs})\nTranscript: \"Hi, this is {g[name]}{title_comma} calling from "
    "{g[company]}. Sorry I missed you. You can reach me on my cell at {g[phone]}, or email me at {g[email]}. "
    "The main line is {office} but I'm hardly ever at my desk. Talk soon.\"",
))

VIOLATIONS = ("Expired meter", "No parking zone", "Street cleaning", "Fire hydrant", "Double parking",
              "Permit parking only", "Blocking driveway", "Loading zone")


def parking_ticket(f, r):
    issued = day(r)
    due = issued.plus(r.choice((14, 21, 30)))
    fine = float(r.choice((35, 45, 55, 65, 75, 90, 115)))
    g = {"ticket_number": code(r, "PT", 7), "plate": f.license_plate(), "violation": r.choice(VIOLATIONS),
         "fine": fine, "due_date": str(due)}
    city = f.city()
    return g, {"g": g, "due": due, "issued": issued, "at": clock(r), "late": fine + r.choice((25, 35, 50)),
               "street": f.street_name(), "meter": code(r, digits=5), "badge": code(r, digits=4),
               "city": city, "city_up": city.upper(), "state": f.state_abbr()}


PARKING = Spec(parking_ticket, (
    "CITY OF {city_up} - PARKING CITATION\nCitation no.: {g[ticket_number]}\nIssued: {issued:us} {at:12}\n"
    "Location: {street}, meter {meter}\nPlate: {g[plate]} ({state})\nViolation: {g[violation]}\n"
    "Fine: ${g[fine]:.2f}\nPay by: {due:us}. Unpaid fines increase to ${late:.2f}.\nOfficer badge #{badge}",
    "{city} Parking: citation {g[ticket_number]} was issued to plate {g[plate]} ({g[violation]}). Pay "
    "${g[fine]:.2f} by {due:short} at pay.example.gov/{meter}. Reply STOP to opt out.",
    "Subject: Reminder - unpaid parking ticket\n\n{hi}\n\nOur records show that ticket {g[ticket_number]} for "
    "{g[violation]}, issued on {issued:long} to the vehicle with plate {g[plate]}, is still open. Please pay "
    "{g[fine]:.2f} USD on or before {due:long}; after that date the amount rises to {late:.2f} USD.\n\n"
    "If you have already paid, please ignore this message. Reference {ref}.\n\n{city} Parking Services",
    "ugh, got a parking ticket on {street} this morning :( {g[violation]}, ${g[fine]:.2f}. ticket "
    "{g[ticket_number]}, plate {g[plate]}. says pay by {due:iso} - can you cover it from the shared card "
    "{other_first}?",
))

NET_WORDS = ("Blue", "Maple", "Home", "Casa", "Sunny", "Orbit", "Nest", "Cedar", "Pixel", "Harbor")


def wifi_network(f, r):
    ssid = r.choice((f"{f.last_name()}-{r.choice(NET_WORDS)}{r.choice(('', '-5G', '_EXT'))}",
                     f"{r.choice(NET_WORDS)}Net_{code(r, digits=4)}", f"{f.last_name().upper()}_WIFI"))
    g = {"network_name": ssid, "security": r.choice(("WPA2", "WPA2", "WPA3", "WEP", "open"))}
    if g["security"] != "open":
        g["password"] = f.password(length=r.randint(8, 14), special_chars=False)
    pw = g.get("password")
    return g, {"g": g, "model": f"{letters(r, 2)}-{code(r, digits=4)}", "serial": code(r, letters(r, 3), 9),
               "admin": f.password(length=8, special_chars=False), "pin": code(r, digits=8),
               "guest": f"{ssid}-Guest", "host": f.first_name(), "addr": f.street_address(),
               "key": pw or "(none)", "pw_sms": f" and the password is {pw}" if pw else " - no password needed",
               "pw_line": f"Password: {pw}" if pw else "Password: none (open network)",
               "pw_chat": f", pw {pw}" if pw else ", no password",
               "sec_sms": f"(security is {g['security']} if your laptop asks)" if pw else "(it's an open network)"}


WIFI = Spec(wifi_network, (
    lambda c, r: "Label on the router:\n" + shuffled(r, [
        f"Model: {c['model']}", f"S/N: {c['serial']}", f"Network Name (SSID): {c['g']['network_name']}",
        f"Wireless Key: {c['key']}", f"Security: {c['g']['security']}", f"Admin login: admin / {c['admin']}",
        f"WPS PIN: {c['pin']}"]),
    "Hi! Welcome :) the wifi is {g[network_name]}{pw_sms} {sec_sms}. Door code is {pin} btw. Enjoy your "
    "stay - {host}",
    "HOUSE GUIDE - {addr}\n\nWi-Fi\n  Network: {g[network_name]}\n  {pw_line}\n  Security type: "
    "{g[security]}\n\nThe guest network {guest} is for the smart TV only, please do not use it.\n"
    "Checkout is at 11:00. Trash goes out on Thursdays.",
    "{other_first}: what's the wifi again?\nme: {g[network_name]}{pw_chat} (security {g[security]})\n"
    "{other_first}: thx!",
))

SERVICES = ("Northwind Bank", "PayLite", "CloudBox", "ShopNow", "MediPortal", "TaxFile", "RideGo", "Fintra",
            "MailHub", "StreamPlus")


def otp_code(f, r):
    g = {"service": r.choice(SERVICES + (f"{f.last_name()} Credit Union",)),
         "code": code(r, digits=r.choice((4, 6, 6, 8))), "expires_in_minutes": r.choice((5, 10, 15, 30))}
    return g, {"g": g, "at": clock(r), "support": phone(r), "amt": money(r, 5, 900),
               "device": r.choice(("Chrome on Windows", "Safari on iPhone", "Firefox on Linux", "Android app"))}


OTP = Spec(otp_code, (
    "{g[service]}: {g[code]} is your verification code. It expires in {g[expires_in_minutes]} minutes. "
    "Never share this code. Request ID {ref}.",
    "Subject: Your {g[service]} sign-in code\n\n{hi}\n\nWe received a request to sign in to your {g[service]} "
    "account from a new device ({device}) at {at:12}.\n\nYour one-time code: {g[code]}\n\nThis code is valid "
    "for {g[expires_in_minutes]} minutes. If this wasn't you, call us at {support}.\n\nThe {g[service]} team",
    "[{g[service]}] Use {g[code]} to confirm your payment of ${amt:.2f}. Code valid {g[expires_in_minutes]} "
    "min. Don't share it with anyone, not even {g[service]} staff.",
    "Automated call transcript: Hello. This is an automated message from {g[service]}. Your security code is "
    "{g[code]}. Again, your code is {g[code]}. It will expire in {g[expires_in_minutes]} minutes. Goodbye.",
))

CARRIERS = ("UPS", "FedEx", "DHL", "USPS", "Parcelwise", "QuickDrop Courier")
GOODS = ("coffee grinder", "phone case", "desk lamp", "backpack", "blender", "smart speaker", "yoga mat")


def delivery_update(f, r):
    carrier, status = r.choice(CARRIERS), r.choice(("processing", "shipped", "delayed", "delivered"))
    when = day(r)
    g = {"carrier": carrier, "tracking_number": f"1Z{letters(r, 3)}{code(r, digits=9)}" if carrier == "UPS"
         else code(r, digits=12), "order_number": f"{r.randint(100, 999)}-{code(r, digits=7)}",
         "status": status, "delivery_date": str(when)}
    phrase = {"processing": "is processing and should arrive by {d:long}",
              "shipped": "has shipped - estimated delivery {d:long}",
              "delayed": "is delayed; new delivery date {d:long} (was {p:long})",
              "delivered": "was delivered on {d:long}"}[status]
    return g, {"g": g, "phrase": phrase.format(d=when, p=when.plus(-3)), "support": phone(r),
               "item": r.choice(GOODS), "when": when}


DELIVERY = Spec(delivery_update, (
    "{g[carrier]}: Your package {phrase}. Tracking {g[tracking_number]}, order {g[order_number]}. "
    "Reply HELP for help, STOP to opt out.",
    "Subject: Update on your order {g[order_number]}\n\n{hi}\n\nYour {item} {phrase}.\n\nCarrier: "
    "{g[carrier]}\nTracking number: {g[tracking_number]}\n\nQuestions? Call {support} (ref {ref}).\n\n{bye}\n"
    "Customer Care",
    "{g[carrier]} - now\nOrder #{g[order_number]}: {g[status]}\nDate: {when:iso}\nTrack: {g[tracking_number]}",
    "fyi the {item} you ordered ({g[order_number]}) {phrase} - {g[carrier]} tracking {g[tracking_number]}",
))

PLACES = ("Trattoria {}", "The {} Kitchen", "Cafe {}", "{}'s Grill", "Bistro {}", "{} Noodle Bar")


def restaurant_reservation(f, r):
    first, last = person(f)
    when, at = day(r), clock(r, 11, 21, 15)
    g = {"restaurant": r.choice(PLACES).format(f.last_name()), "guest_name": f"{first} {last}",
         "party_size": r.randint(1, 10), "date": str(when), "time": str(at)}
    return g, {"g": g, "first": first, "when": when, "at": at, "conf": letters(r, 6), "ph": phone(r),
               "hold": r.choice((10, 15, 20))}


RESERVATION = Spec(restaurant_reservation, (
    "Subject: Your reservation at {g[restaurant]} is confirmed\n\nDear {g[guest_name]},\n\nWe look forward to "
    "welcoming you.\n\nDate: {when:wd}\nTime: {at:12}\nGuests: {g[party_size]}\nConfirmation: {conf}\n\n"
    "We hold tables for {hold} minutes. To change your booking call {ph}.\n\n{g[restaurant]}",
    "{g[restaurant]}: Hi {first}! Confirming a table for {g[party_size]} under {g[guest_name]} on "
    "{when:short} at {at:12}. Reply C to cancel.",
    "Voicemail transcript: Hi, this is {other_first} from {g[restaurant]}, calling for {g[guest_name]}. Just "
    "confirming your reservation, party of {g[party_size]}, on {when:long} at {at:12}. If anything changes our "
    "number is {ph}. We can hold the table for {hold} minutes. Thanks!",
    "{other_first}: did you book dinner?\n{first}: yes! {g[restaurant]}, {when:iso} at {at:24}, table for "
    "{g[party_size]} under {g[guest_name]}",
))

STORES = ("{} Market", "{} Pharmacy", "{} Hardware", "{} Coffee", "{}'s Diner", "{} Fuel", "{} Books")


def card_transaction(f, r):
    when = day(r)
    g = {"bank": r.choice((f"{f.last_name()} Bank", "Northwind Bank", f"First {f.city()} Credit Union")),
         "card_last4": f"{r.randrange(10000):04d}", "amount": money(r, 3, 480),
         "merchant": r.choice(STORES).format(f.last_name()), "date": str(when)}
    return g, {"g": g, "when": when, "at": clock(r, 0, 23, 1), "bal": money(r, 100, 9000), "ph": phone(r),
               "limit": float(r.choice((500, 1000, 2500)))}


CARD = Spec(card_transaction, (
    "{g[bank]}: A purchase of ${g[amount]:.2f} at {g[merchant]} was made with your card ending in "
    "{g[card_last4]} on {when:us}. Available balance: ${bal:.2f}. Not you? Call {ph}.",
    "Subject: Transaction alert\n\n{hi}\n\nYour {g[bank]} debit card (****{g[card_last4]}) was used:\n\n"
    "  Merchant: {g[merchant]}\n  Amount: {g[amount]:.2f} USD\n  Date: {when:long}, {at:12}\n\nIf you "
    "recognise this transaction, no action is needed. Your daily limit is {limit:.2f} USD.\n\n{g[bank]}",
    "{g[bank]} - Card ...{g[card_last4]}\n${g[amount]:.2f} at {g[merchant]}\n{when:iso} {at:24} - tap to review",
    "Automated call from the {g[bank]} fraud team: we noticed a charge of {g[amount]:.2f} dollars at "
    "{g[merchant]} on {when:long} on your card ending in {g[card_last4]}. If you made this purchase, press 1. "
    "Otherwise press 2 or call {ph}.",
))

AIRLINES = {"Aerolink": "AL", "BlueJet": "BJ", "Northern Air": "NA", "Pacifica Airlines": "PA",
            "SunWing Express": "SX", "Coastal Airways": "CW"}


def flight_status(f, r):
    airline, at = r.choice(sorted(AIRLINES)), clock(r)
    status = r.choice(("on time", "delayed", "cancelled", "boarding"))
    g = {"airline": airline, "flight_number": f"{AIRLINES[airline]}{r.randint(10, 2999)}", "status": status,
         "gate": f"{r.choice('ABCDE')}{r.randint(1, 40)}", "departure_time": str(at)}
    orig = clock(r, 6, at.t.hour)
    phrase = {"on time": "is on time, departing {t} from gate {gate}",
              "delayed": "is delayed. New departure {t} (originally {o}), gate {gate}",
              "cancelled": "has been cancelled. It was scheduled to leave at {t} from gate {gate}",
              "boarding": "is now boarding at gate {gate}, departure {t}"}[status]
    ctx = {"g": g, "dest": f.city(), "seat": f"{r.randint(3, 38)}{r.choice('ABCDEF')}", "conf": letters(r, 6),
           "term": r.randint(1, 5), "at": at}
    for style in ("12", "24"):
        ctx[f"phrase{style}"] = phrase.format(t=format(at, style), o=format(orig, style), gate=g["gate"])
    return g, ctx


FLIGHT = Spec(flight_status, (
    "{g[airline]}: Flight {g[flight_number]} to {dest} {phrase12}. Confirmation {conf}, seat {seat}.",
    "Subject: Flight update for {g[flight_number]}\n\n{hi}\n\nYour {g[airline]} flight {g[flight_number]} to "
    "{dest} {phrase12}. Please check the departure boards in terminal {term}.\n\nBooking reference: {conf}\n\n"
    "{bye}\n{g[airline]} Customer Service",
    "DEPARTURES - Terminal {term}\nFlight: {g[flight_number]} ({g[airline]})\nTo: {dest}\nTime: {at:24}\n"
    "Gate: {g[gate]}\nStatus: {g[status]}",
    "{other_first}: landed? I'm parking now\nme: nope lol. {g[airline]} says {g[flight_number]} {phrase24}",
))

MEDS = ("Lisinopril 10 mg", "Atorvastatin 20 mg", "Metformin 500 mg", "Amoxicillin 500 mg", "Levothyroxine 50 mcg",
        "Sertraline 50 mg", "Omeprazole 20 mg", "Albuterol inhaler", "Amlodipine 5 mg", "Losartan 50 mg")


def prescription_refill(f, r):
    ready = day(r)
    g = {"pharmacy": r.choice(("{} Pharmacy", "{} Drugs", "CareWell Pharmacy {}")).format(f.last_name()),
         "rx_number": code(r, "RX", 7), "medication": r.choice(MEDS), "ready_date": str(ready),
         "refills_left": r.randint(0, 5)}
    first, last = person(f)
    return g, {"g": g, "ready": ready, "pickup": ready.plus(10), "close": clock(r, 18, 21, 30),
               "patient": f"{first} {last}", "first": first, "copay": money(r, 0, 40), "addr": f.street_address()}


REFILL = Spec(prescription_refill, (
    "{g[pharmacy]}: Your prescription {g[medication]} ({g[rx_number]}) will be ready for pickup on "
    "{ready:short}. Refills left: {g[refills_left]}. Please pick up by {pickup:short}. Reply STOP to opt out.",
    "This is {g[pharmacy]} calling with a message for {patient}. Prescription number {g[rx_number]}, "
    "{g[medication]}, will be ready on {ready:long}. You have {g[refills_left]} refills remaining. We are open "
    "until {close:12}. Thank you.",
    "Subject: Refill request received\n\nHi {first},\n\nWe got your refill request for {g[medication]}.\n\n"
    "Prescription #: {g[rx_number]}\nReady date: {ready:us}\nRemaining refills: {g[refills_left]}\nCopay: "
    "${copay:.2f}\n\nItems not picked up by {pickup:us} are returned to stock.\n\n{g[pharmacy]}",
    "{g[rx_number]} - {g[medication]}\nStatus: ready {ready:iso}\n{g[refills_left]} refill(s) left\nPick up at "
    "{g[pharmacy]}, {addr}",
))

SPECS = {"contact_card": CONTACT, "parking_ticket": PARKING, "wifi_network": WIFI, "otp_code": OTP,
         "delivery_update": DELIVERY, "restaurant_reservation": RESERVATION, "card_transaction": CARD,
         "flight_status": FLIGHT, "prescription_refill": REFILL}
