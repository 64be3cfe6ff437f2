"""Complex EdgeJSON schemas, part A (receipts, orders, flights, hotels): arrays of objects, optional fields."""
from __future__ import annotations

from edgebench.data.extraction.edge_json_templates.common import (
    Spec, clock, code, day, email, letters, money, person, phone)

GROCERIES = {"Whole Milk 1gal": 3.49, "Sourdough Bread": 4.99, "Large Eggs 12ct": 3.89, "Bananas": 0.69,
             "Cheddar Cheese": 5.79, "Ground Coffee": 9.99, "Greek Yogurt": 1.29, "Chicken Breast": 8.47,
             "Orange Juice": 4.29, "Paper Towels": 7.99, "Pasta 1lb": 1.59, "Tomato Sauce": 2.49}


def receipt(f, r):
    names = r.sample(sorted(GROCERIES), r.randint(1, 5))
    items = [{"name": n, "quantity": r.randint(1, 4), "unit_price": round(GROCERIES[n] * r.uniform(0.9, 1.1), 2)}
             for n in names]
    sub = round(sum(i["quantity"] * i["unit_price"] for i in items), 2)
    when, at = day(r), clock(r, 7, 22, 1)
    g = {"store": {"name": r.choice(("{} Market", "{} Grocery", "{} Foods", "FreshWay {}")).format(f.last_name())}}
    if r.random() < 0.7:
        g["store"]["address"] = f"{f.street_address()}, {f.city()}"
    g["date"] = str(when)
    if r.random() < 0.7:
        g["time"] = str(at)
    g["items"] = items
    tax = round(sub * r.choice((0.04, 0.06, 0.08)), 2) if r.random() < 0.6 else 0.0
    if tax:
        g["tax"] = tax
    g["total"] = {"amount": round(sub + tax, 2), "currency": r.choice(("USD", "USD", "CAD"))}
    g["payment"] = {"method": r.choice(("cash", "card", "mobile"))}
    if g["payment"]["method"] == "card" and r.random() < 0.8:
        g["payment"]["card_last4"] = f"{r.randrange(10000):04d}"
    tendered = float(-(-g["total"]["amount"] // 10) * 10)
    pay = {"cash": f"CASH {tendered:.2f}  CHANGE {tendered - g['total']['amount']:.2f}",
           "card": f"CARD ****{g['payment'].get('card_last4', '')}" if "card_last4" in g["payment"]
           else "CARD (contactless)", "mobile": "MOBILE PAY"}[g["payment"]["method"]]
    return g, {"g": g, "when": when, "at": at, "sub": sub, "pay": pay, "ph": phone(r), "pts": r.randint(5, 90)}


def _receipt_print(c, r):
    g = c["g"]
    lines = [g["store"]["name"].upper(), g["store"].get("address", ""), f"Tel {c['ph']}",
             f"{c['when']:us} {c['at']:24}" if "time" in g else f"{c['when']:us}", f"Cashier: {c['other_first']}",
             "-" * 32]
    lines += [f"{i['quantity']} x {i['name']} @ {i['unit_price']:.2f}  {i['quantity'] * i['unit_price']:.2f}"
              for i in g["items"]]
    lines += ["-" * 32, f"SUBTOTAL {c['sub']:.2f}", f"TAX {g['tax']:.2f}" if "tax" in g else "",
              f"TOTAL {g['total']['currency']} {g['total']['amount']:.2f}", c["pay"], f"Trans #{c['ref']}"]
    return "\n".join(line for line in lines if line)


def _receipt_email(c, r):
    g = c["g"]
    at = f" at {g['store']['address']}" if "address" in g["store"] else ""
    items = "\n".join(f"- {i['name']}, qty {i['quantity']}, {i['unit_price']:.2f} each" for i in g["items"])
    tax = f"Tax: {g['tax']:.2f}\n" if "tax" in g else ""
    method = g["payment"]["method"] + (f" ending {g['payment']['card_last4']}" if "card_last4" in g["payment"] else "")
    return (f"Subject: Your receipt from {g['store']['name']}\n\nThanks for shopping with us{at}!\n\nDate: "
            f"{c['when']:long}" + (f", {c['at']:12}" if "time" in g else "") + f"\n\nItems:\n{items}\n\n{tax}Total: "
            f"{g['total']['amount']:.2f} {g['total']['currency']}\nPaid with {method}\n\nYou earned {c['pts']} points.")


def _receipt_chat(c, r):
    g = c["g"]
    items = ", ".join(f"{i['quantity']} {i['name']} at {i['unit_price']:.2f}" for i in g["items"])
    when = f"{c['when']:iso}" + (f" around {c['at']:12}" if "time" in g else "")
    tax = f" incl {g['tax']:.2f} tax" if "tax" in g else ""
    card = f" (the one ending {g['payment']['card_last4']})" if "card_last4" in g["payment"] else ""
    where = f" on {g['store']['address']}" if "address" in g["store"] else ""
    return (f"{c['other_first']}: what do I owe you for the groceries?\nme: went to {g['store']['name']}{where} on "
            f"{when}: {items}. {g['total']['amount']:.2f} {g['total']['currency']} total{tax}, paid "
            f"by {g['payment']['method']}{card}. half is fine")


def _receipt_table(c, r):
    g = c["g"]
    head = [f"Receipt - {g['store']['name']}", g["store"].get("address", ""),
            f"Date {c['when']:iso}" + (f"  Time {c['at']:24}" if "time" in g else ""), "QTY  ITEM  UNIT"]
    rows = [f"{i['quantity']}  {i['name']}  {i['unit_price']:.2f}" for i in g["items"]]
    tail = [f"Tax: {g['tax']:.2f}" if "tax" in g else "", f"Grand total: {g['total']['amount']:.2f} "
            f"{g['total']['currency']}", f"Payment: {c['pay']}", f"Loyalty points: {c['pts']}"]
    return "\n".join(x for x in head + rows + tail if x)


RECEIPT = Spec(receipt, (_receipt_print, _receipt_email, _receipt_chat, _receipt_table))

GOODS = {"Wireless Mouse": 24.99, "USB-C Cable 2m": 12.99, "Laptop Stand": 39.5, "Noise-Cancelling Headphones": 129.0,
         "Mechanical Keyboard": 89.99, "Webcam 1080p": 49.95, "Desk Mat": 19.0, "Phone Charger": 29.99}


def order_confirmation(f, r):
    first, last = person(f)
    cur = r.choice(("USD", "EUR", "GBP"))
    items = [{"sku": f"{letters(r, 2)}-{code(r, digits=4)}", "name": n, "quantity": r.randint(1, 3),
              "price": {"amount": GOODS[n], "currency": cur}} for n in r.sample(sorted(GOODS), r.randint(1, 3))]
    method = r.choice(("standard", "express", "pickup"))
    od = day(r)
    g = {"order_id": code(r, f"{letters(r, 1)}-", 8), "order_date": str(od),
         "customer": {"name": f"{first} {last}", "email": email(f, first, last)}, "items": items,
         "shipping": {"method": method}}
    if method != "pickup":
        g["shipping"]["address"] = {"street": f.street_address(), "city": f.city(), "zip": f.zipcode()}
    if r.random() < 0.4:
        g["promo_code"] = r.choice(("SAVE10", "WELCOME15", "SPRING20", "FREESHIP")) + letters(r, 2)
    total = sum(i["quantity"] * i["price"]["amount"] for i in items)
    return g, {"g": g, "first": first, "shop": r.choice(("GadgetHub", "DeskWorks", "Voltline", "Kitly")),
               "total": total, "eta": od.plus(r.randint(2, 9)), "cur": cur, "od": od}


def _ship(g) -> str:
    s = g["shipping"]
    if s["method"] == "pickup":
        return "In-store pickup (no delivery address)"
    a = s["address"]
    return f"{s['method'].capitalize()} shipping to {a['street']}, {a['city']} {a['zip']}"


def _order_email(c, r):
    g = c["g"]
    items = "\n".join(f"- {i['name']} (SKU {i['sku']}) x{i['quantity']} @ {i['price']['amount']:.2f} "
                      f"{i['price']['currency']}" for i in g["items"])
    promo = f"Promo code applied: {g['promo_code']}\n" if "promo_code" in g else ""
    return (f"Subject: Order {g['order_id']} confirmed\n\nHi {g['customer']['name']},\n\nThanks for your order on "
            f"{c['od']:long}! Here's what you bought:\n\n{items}\n\n{_ship(g)}\n{promo}Order total: "
            f"{c['total']:.2f} {c['cur']}\n\nWe'll email {g['customer']['email']} when it ships.\n\n{c['shop']}")


def _order_table(c, r):
    g = c["g"]
    rows = "\n".join(f"{i['sku']} | {i['name']} | {i['quantity']} | {i['price']['currency']} "
                     f"{i['price']['amount']:.2f}" for i in g["items"])
    return (f"{c['shop']} - Order details\nOrder {g['order_id']} placed {c['od']:us}\nCustomer: "
            f"{g['customer']['name']} ({g['customer']['email']})\n\nSKU | Item | Qty | Unit price\n{rows}\n\n"
            f"Delivery: {_ship(g)}\nEstimated arrival: {c['eta']:us}"
            + (f"\nCoupon: {g['promo_code']}" if "promo_code" in g else ""))


def _order_sms(c, r):
    g = c["g"]
    items = "; ".join(f"{i['name']} x{i['quantity']} ({i['sku']}) {i['price']['amount']:.2f} "
                      f"{i['price']['currency']}" for i in g["items"])
    promo = f" Code {g['promo_code']} used." if "promo_code" in g else ""
    return (f"{c['shop']}: order {g['order_id']} placed {c['od']:short} by {g['customer']['name']} "
            f"({g['customer']['email']}): {items}. {_ship(g)}.{promo}")


def _order_chat(c, r):
    g = c["g"]
    items = " and ".join(f"{i['quantity']}x {i['name']} (SKU {i['sku']}, {i['price']['amount']:.2f} "
                         f"{i['price']['currency']} each)" for i in g["items"])
    s = g["shipping"]
    ship = ("I chose pickup" if s["method"] == "pickup" else f"I chose {s['method']} shipping to "
            f"{s['address']['street']}, {s['address']['city']} {s['address']['zip']}")
    promo = f" and used the code {g['promo_code']}" if "promo_code" in g else ""
    return (f"Customer: Hi, I'm {g['customer']['name']} ({g['customer']['email']}). On {c['od']:iso} I placed "
            f"order {g['order_id']}: {items}. {ship}{promo}. When will it arrive?\nAgent {c['other_first']}: "
            f"Let me check that for you.")


ORDER = Spec(order_confirmation, (_order_email, _order_table, _order_sms, _order_chat))

AIRPORTS = {"JFK": "New York", "LAX": "Los Angeles", "ORD": "Chicago", "SFO": "San Francisco", "SEA": "Seattle",
            "BOS": "Boston", "DEN": "Denver", "ATL": "Atlanta", "MIA": "Miami", "LHR": "London", "CDG": "Paris",
            "FRA": "Frankfurt", "AMS": "Amsterdam", "DXB": "Dubai", "NRT": "Tokyo"}


def flight_booking(f, r):
    stops = r.sample(sorted(AIRPORTS), r.randint(2, 4))
    airline = r.choice(("BJ", "NA", "PA", "CW"))
    when, flights, arrivals = day(r), [], []
    for a, b in zip(stops, stops[1:]):
        dep = clock(r, 6, 20)
        flights.append({"flight_number": f"{airline}{r.randint(10, 2999)}", "from": a, "to": b, "date": str(when),
                        "departure_time": str(dep)})
        arrivals.append((when, dep, dep.plus(r.randrange(50, 660, 5))))
        when = when.plus(r.randint(0, 3))
    passengers = []
    for _ in range(r.randint(1, 3)):
        p = {"name": " ".join(person(f))}
        if r.random() < 0.6:
            p["seat"] = f"{r.randint(3, 40)}{r.choice('ABCDEF')}"
        passengers.append(p)
    g = {"booking_ref": letters(r, 6), "passengers": passengers, "flights": flights,
         "total": {"amount": money(r, 180, 2400), "currency": r.choice(("USD", "EUR", "GBP"))}}
    return g, {"g": g, "legs": arrivals, "tickets": [code(r, "016", 10) for _ in passengers],
               "bag": r.choice((20, 23, 32))}


def _pax(p) -> str:
    return p["name"] + (f" (seat {p['seat']})" if "seat" in p else "")


def _flight_email(c, r):
    g = c["g"]
    pax = "\n".join(f"{_pax(p)} - ticket {t}" for p, t in zip(g["passengers"], c["tickets"]))
    legs = "\n".join(f"{x['flight_number']}  {AIRPORTS[x['from']]} ({x['from']}) -> {AIRPORTS[x['to']]} ({x['to']})"
                     f"  {d:wd}  dep {dep:24} arr {arr:24}" for x, (d, dep, arr) in zip(g["flights"], c["legs"]))
    return (f"Subject: Your trip confirmation - {g['booking_ref']}\n\n{c['hi']}\n\nBooking reference: "
            f"{g['booking_ref']}\n\nPassengers:\n{pax}\n\nItinerary:\n{legs}\n\nTotal paid: "
            f"{g['total']['amount']:.2f} {g['total']['currency']}\nBaggage: 1 x {c['bag']} kg per passenger")


def _flight_sms(c, r):
    g = c["g"]
    legs = "; ".join(f"{x['flight_number']} {x['from']}-{x['to']} {d:short} {dep:12}"
                     for x, (d, dep, _) in zip(g["flights"], c["legs"]))
    seats = ", ".join(f"{p['name']} {p['seat']}" for p in g["passengers"] if "seat" in p)
    names = ", ".join(p["name"] for p in g["passengers"])
    return (f"Booking {g['booking_ref']} confirmed for {names}. {legs}." + (f" Seats: {seats}." if seats else "")
            + f" Total {g['total']['currency']} {g['total']['amount']:.2f}.")


def _flight_chat(c, r):
    g = c["g"]
    legs = ", then ".join(f"flight {x['flight_number']} from {x['from']} to {x['to']} on {d:long}, leaving at "
                          f"{dep:12} (lands {arr:12})" for x, (d, dep, arr) in zip(g["flights"], c["legs"]))
    return (f"Agent {c['other']}: all booked! Reference {g['booking_ref']}. Travelling: "
            f"{'; '.join(_pax(p) for p in g['passengers'])}. You're on {legs}. The total came to "
            f"{g['total']['amount']:.2f} {g['total']['currency']}.")


def _flight_table(c, r):
    g = c["g"]
    rows = "\n".join(f"{x['flight_number']}  {x['from']}  {x['to']}  {d:iso}  {dep:24}  {arr:24}"
                     for x, (d, dep, arr) in zip(g["flights"], c["legs"]))
    pax = "\n".join(f"  {_pax(p)}" for p in g["passengers"])
    return (f"ITINERARY / RECORD LOCATOR {g['booking_ref']}\nPASSENGERS:\n{pax}\n\nFLIGHT  FROM  TO  DATE  DEP  "
            f"ARR\n{rows}\n\nFARE TOTAL: {g['total']['currency']} {g['total']['amount']:.2f}")


FLIGHTS = Spec(flight_booking, (_flight_email, _flight_sms, _flight_chat, _flight_table))

ROOM_GUESTS = {"single": (1, 1), "double": (1, 2), "twin": (2, 2), "suite": (1, 4)}
REQUESTS = ("late check-in", "high floor", "extra pillows", "airport shuttle", "baby crib", "quiet room")


def _room(r, cur: str) -> dict:
    kind = r.choice(sorted(ROOM_GUESTS))
    return {"type": kind, "guests": r.randint(*ROOM_GUESTS[kind]),
            "nightly_rate": {"amount": money(r, 70, 420), "currency": cur}}


def hotel_booking(f, r):
    first, last = person(f)
    cin = day(r)
    nights, cur = r.randint(1, 7), r.choice(("USD", "EUR", "GBP"))
    g = {"confirmation": code(r, letters(r, 1), 9), "guest": {"name": f"{first} {last}",
                                                               "email": email(f, first, last)}}
    if r.random() < 0.5:
        g["guest"]["phone"] = phone(r)
    g |= {"hotel": {"name": r.choice(("Hotel {}", "The {} Inn", "{} Suites", "Grand {}")).format(f.last_name()),
                    "city": f.city()}, "check_in": str(cin), "check_out": str(cin.plus(nights)),
          "rooms": [_room(r, cur) for _ in range(r.randint(1, 2))]}
    if r.random() < 0.45:
        g["special_requests"] = r.sample(REQUESTS, r.randint(1, 2))
    total = sum(x["nightly_rate"]["amount"] for x in g["rooms"]) * nights
    return g, {"g": g, "first": first, "cin": cin, "cout": cin.plus(nights), "nights": nights, "total": total,
               "cancel": cin.plus(-2), "hotel_ph": phone(r)}


def _rooms(g, sep: str) -> str:
    return sep.join(f"{x['type']} room for {x['guests']}, {x['nightly_rate']['amount']:.2f} "
                    f"{x['nightly_rate']['currency']} per night" for x in g["rooms"])


def _hotel_email(c, r):
    g = c["g"]
    ph = f"\nPhone on file: {g['guest']['phone']}" if "phone" in g["guest"] else ""
    req = f"\nSpecial requests: {', '.join(g['special_requests'])}" if "special_requests" in g else ""
    return (f"Subject: Booking confirmation {g['confirmation']}\n\nDear {g['guest']['name']},\n\nThank you for "
            f"choosing {g['hotel']['name']} in {g['hotel']['city']}.\n\nCheck-in: {c['cin']:wd} (from 3:00 PM)\n"
            f"Check-out: {c['cout']:wd}\nRooms:\n- {_rooms(g, chr(10) + '- ')}{req}\n\nEmail: {g['guest']['email']}"
            f"{ph}\nFree cancellation until {c['cancel']:long}.\n\nReception: {c['hotel_ph']}")


def _hotel_app(c, r):
    g = c["g"]
    lines = [f"Confirmation: {g['confirmation']}", f"Guest: {g['guest']['name']}", f"Email: {g['guest']['email']}",
             f"Phone: {g['guest']['phone']}" if "phone" in g["guest"] else "",
             f"Property: {g['hotel']['name']}, {g['hotel']['city']}", f"Stay: {c['cin']:iso} to {c['cout']:iso}",
             f"Total for {c['nights']} night(s): {c['total']:.2f}"]
    lines += [f"Room {i + 1}: {x['type']}, {x['guests']} guests, {x['nightly_rate']['currency']} "
              f"{x['nightly_rate']['amount']:.2f}/night" for i, x in enumerate(g["rooms"])]
    if "special_requests" in g:
        lines.append("Requests: " + "; ".join(g["special_requests"]))
    return "Your stay\n" + "\n".join(x for x in lines if x)


def _hotel_chat(c, r):
    g = c["g"]
    req = f" I asked for {' and '.join(g['special_requests'])}." if "special_requests" in g else ""
    ph = f" they have my number as {g['guest']['phone']}." if "phone" in g["guest"] else ""
    return (f"{c['other_first']}: where are we staying?\n{g['guest']['name']}: {g['hotel']['name']} in "
            f"{g['hotel']['city']}, {c['cin']:short} to {c['cout']:short}. booked a {_rooms(g, ' plus a ')}.{req} "
            f"confirmation {g['confirmation']} went to {g['guest']['email']}.{ph}")


def _hotel_voice(c, r):
    g = c["g"]
    req = f" We've noted: {', '.join(g['special_requests'])}." if "special_requests" in g else ""
    return (f"Voicemail: Hello, this is {c['other_first']} from {g['hotel']['name']} in {g['hotel']['city']}, for "
            f"{g['guest']['name']}. Your confirmation number is {g['confirmation']}: arriving {c['cin']:long}, "
            f"departing {c['cout']:long}, {_rooms(g, '; and a ')}.{req} We sent the details to {g['guest']['email']}"
            + (f" and will text {g['guest']['phone']}" if "phone" in g["guest"] else "") + ". See you soon!")


HOTEL = Spec(hotel_booking, (_hotel_email, _hotel_app, _hotel_chat, _hotel_voice))

SPECS = {"receipt": RECEIPT, "order_confirmation": ORDER, "flight_booking": FLIGHTS, "hotel_booking": HOTEL}
