"""Phrase banks of the case generator (``cases_v2``): the banks every kind shares, and five case kinds
(``case_frames_more`` has five more). Written for EdgeBench; no public data set was used.

A template is ``channel:from>to|body``: channel ``email`` (subject, greeting and sign-off come from the
banks below), ``sms``, ``chat``, ``receipt`` (``Label: value`` lines), ``call`` (``A:`` the business,
``B:`` the customer) or ``voicemail``; ``from`` and ``to`` are roles (``me``, ``friend`` and the kind's
own). In the body ``[a|b]`` picks one alternative and ``{slot}`` is filled (``cases_v2`` lists the
slots). A flag or status is raised by a marker, ``{flag:complaint}``, ``{status:resolved}``, put inside
the words that state it, so that a document raises it exactly when its text says so. A frame is the
storyline of one case: its documents in order; ``?`` marks a step a short case may leave out.

Slots: a role (``{biz}``, ``{agent}``; ``{agent_first}``, a first name, is written in full while the
party is not yet named, so a party enters the summary under one string; ``{from}``, ``{to}``: the
document's roles); money: ``{charge}`` (billed: adds), ``{fee}`` (adds), ``{refund}`` (the last charge
back), ``{refund_part}`` (part of the largest charge back), ``{refund_all}`` (the net total back),
``{again}`` and ``{paid}`` (the last charge, the net total, said again), ``{quote}`` (an estimate, not
billed), ``{items}`` (receipt lines adding up to the document's charge); a spec picks a range of the
kind (``{charge:rent}``) or the last charge again (``{charge:same}``); dates: ``{date}`` (upcoming: the
summary's next_date), ``{was}`` (that date said again), ``{past}``, ``{today}``; the rest are numbers
that are no amounts (``{order}``, ``{phone}``, ``{time}``, ...). Flags as the schema reads them:
``deadline`` is a date or time limit someone must meet, ``complaint`` one made to a party (not venting to
a friend), ``cancelled`` a cancellation asked for or made; a status is the case's, stated by a party.
"""
from __future__ import annotations

import datetime as dt
import random
import string

BRANDS = ["Brightline", "Northgate", "Bluewater", "Summit", "Harbor", "Redwood", "Silverleaf", "Keystone", "Oakridge",
          "Lakeside", "Evergreen", "Pinnacle", "Crestview", "Maplewood", "Ironbridge", "Sunrise", "Westfield", "Greenway",
          "Starling", "Copperfield", "Highland", "Riverside", "Clearwater", "Foxglove", "Blackstone", "Meridian",
          "Kingsley", "Ashford", "Fairview", "Horizon", "Bramble", "Juniper", "Lighthouse", "Quayside", "Thornbury"]
COMPANY_SUFFIXES = {"USD": ["LLC", "Inc", "Co"], "GBP": ["Ltd", "& Co", "Group"], "EUR": ["GmbH", "BV", "SL"]}
HEADERS = ["", "", "", "From: {from}\nTo: {to}\n", "To: {to}\n"]  # an email's header lines before its subject
SUBJECTS = ["[Re: |]Follow-up", "[Question|Quick question]", "[Update|Quick update]", "[Re: |Fwd: |]Your message",
            "[Urgent|Important]", "[Re: |]Our conversation"]
GREETINGS = {
    "person": ["Hi {to_first},", "Dear {to},", "Hello {to_first},", "Hi,", "{to_first},", "Good [morning|afternoon] {to_first},"],
    "company": ["Dear {to} team,", "Hello,", "To whom it may concern,", "Dear Sir or Madam,", "Hi there,",
                "Dear [customer service|billing team|team],"],
}
SIGNOFFS = {
    "person": ["[Thanks|Best|Regards],\n{from}", "[Cheers|Thanks],\n{from_first}", "{from}\n[Sent from my iPhone|Sent from my phone]",
               "Kind regards,\n{from}\n{phone}", "[Best wishes|Many thanks],\n{from_first}", "[Thanks|Thank you]"],
    "company": ["[Kind regards|Best regards],\n{from}", "The {from} team", "{from} [Customer Service|Customer Care|Accounts]",
                "[Regards|Thanks],\n{from} | {phone}", "[Sincerely|Regards],\n[Customer Relations|The Billing Department]"],
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
          "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# How values are written. Numbers that are no amounts: ``%`` a digit, ``?`` a letter, ``*`` either, ``{year}``.
NUMBERS = {"booking": ["******"], "order": ["#%%%%%", "ORD-%%%%%%%%", "A-%%%%"], "invoice": ["INV-{year}-%%%%", "#%%%%", "INV%%%%%%"],
           "claim": ["CLM-%%%%%%", "C%%%%%%%%"], "policy": ["POL-%%%%%%%%", "???%%%%%%%"],
           "tracking": ["1Z****************", "%%%%%%%%%%%%", "JD%%%%%%%%%%%%%%%%%%"], "ticket": ["TCK-%%%%%", "#%%%%%%", "CS-%%%%%%"],
           "account": ["ACC-%%%%%%", "%%%%%%%%"], "ref": ["REF%%%%%%%", "CN-%%%%%"], "card": ["%%%%"], "code": ["%%%%%%"],
           "unit": ["Apt %?", "Flat %", "Unit %%"], "flight": ["UA %%%", "DL %%%%", "BA %%%", "LH %%%", "AF %%%%", "KL %%%"]}
LOCAL_NUMBERS = {"plate": {"USD": ["%???%%%"], "GBP": ["??%% ???"], "EUR": ["?-?? %%%%"]},
                 "phone": {"USD": ["(%%%) %%%-%%%%", "%%%-%%%-%%%%"], "GBP": ["07%%% %%%%%%", "01%% %%% %%%%"],
                           "EUR": ["+49 %%% %%% %%%%", "+33 % %% %% %% %%", "+31 % %%%% %%%%"]}}
# Amounts (1,234.50: dot; 1234.50: plain; 1.234,50: comma; 1,234 when whole: short), six styles a currency.
MONEY_STYLES = {"USD": ["${dot}", "${short}", "USD {dot}", "{dot} USD", "US${plain}", "${plain}"],
                "EUR": ["€{dot}", "EUR {dot}", "{dot} EUR", "{comma} €", "{comma} EUR", "€{short}"],
                "GBP": ["£{dot}", "£{short}", "GBP {dot}", "{dot} GBP", "£{plain}", "{short} GBP"]}
COUNTS = {"minutes": (5, 55), "qty": (2, 12), "nights": (2, 9), "room": (101, 512)}
# Dates: chats write short ones, receipts form ones, the rest any; numeric ones only past the 12th (never two readings).
DATE_FORMATS = {"short": ["{month} {d}", "{mon} {d}", "{d} {month}", "{d} {mon}", "{month} {nth}", "{mon} {nth}"],
                "long": ["the {nth} of {month}", "{weekday}, {month} {d}", "{wkd} {d} {mon}", "{month} {d}, {year}", "{d} {month} {year}"],
                "form": ["{iso}", "{d} {mon} {year}", "{mon} {d}, {year}"],
                "numeric": {"USD": "{mm}/{dd}/{year}", "GBP": "{dd}/{mm}/{year}", "EUR": "{dd}.{mm}.{year}"}}


def money_text(cents: int, currency: str, style: int) -> str:
    """An amount as receipts and people write it, in one of the ``MONEY_STYLES`` of its currency."""
    units, c = divmod(cents, 100)
    dot = f"{units:,}.{c:02d}"
    return MONEY_STYLES[currency][style % len(MONEY_STYLES[currency])].format(
        dot=dot, plain=f"{units}.{c:02d}", comma=f"{units:,}".replace(",", ".") + f",{c:02d}",
        short=f"{units:,}" if c == 0 else dot)


def date_text(day: dt.date, currency: str, channel: str, rng: random.Random) -> str:
    """A date as written ("March 3", "3 Mar", "Tuesday, March 3", "2027-03-03": ``DATE_FORMATS``); a
    numeric one in the order of the currency's country, only past the 12th (it cannot be read the other way)."""
    forms = DATE_FORMATS
    bank = {"sms": forms["short"], "chat": forms["short"], "receipt": forms["form"]}.get(
        channel, forms["short"] + forms["long"] + forms["form"])
    if day.day > 12 and channel not in ("sms", "chat"):
        bank = bank + 2 * [forms["numeric"][currency]]
    d, month, weekday = day.day, MONTHS[day.month - 1], WEEKDAYS[day.weekday()]
    nth = f"{d}{'th' if 10 <= d <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"
    return rng.choice(bank).format(month=month, mon=month[:3], d=d, nth=nth, weekday=weekday, wkd=weekday[:3],
                                   year=day.year, iso=day.isoformat(), mm=f"{day.month:02d}", dd=f"{d:02d}")


def number_text(name: str, currency: str, year: int, rng: random.Random) -> str:
    """A number that is no amount: an order, a phone, a time, a count (``NUMBERS``, ``LOCAL_NUMBERS``)."""
    if name in NUMBERS or name in LOCAL_NUMBERS:
        pattern = rng.choice(NUMBERS.get(name) or LOCAL_NUMBERS[name][currency]).replace("{year}", str(year))
        pool = {"%": string.digits, "?": string.ascii_uppercase, "*": string.ascii_uppercase + string.digits}
        return "".join(rng.choice(pool[c]) if c in pool else c for c in pattern)
    if name == "time":
        return rng.choice((f"{rng.choice((8, 9, 10, 11, 1, 2, 3, 4, 5, 6))}:{rng.choice(('00', '15', '30', '45'))}",
                           f"{rng.randint(8, 11)}{rng.choice(('am', ' am', ':30 am'))}",
                           f"{rng.randint(1, 7)}{rng.choice(('pm', ' pm', ':30 pm'))}", f"{rng.randint(8, 20):02d}:00"))
    lo, hi = COUNTS[name]
    return str(rng.randint(lo, hi))


VOICEMAIL = ["[Voicemail|Voice message] ({time}):", "New voicemail from {from}:", "[Voicemail transcript|Transcribed voicemail]:",
             "Missed call, voicemail left at {time}:"]

# Documents of any case that change nothing in its summary: personal chat, acknowledgements, codes.
FILLERS = [
    "sms:friend>me|[are we still on for|still up for] [dinner|drinks|the cinema] [tonight|tomorrow]? [I can do|how about] {time}",
    "chat:me>friend|[sorry|soz] [running late|gonna be late], [be there|there] in {minutes} [mins|minutes]",
    "sms:me>friend|[thanks|thx], got it[!|]",
    "email:biz>me|[Thank you for your message|We have received your email]. [A member of our team will reply|We aim to respond] within [2|3|5] working days.",
    "sms:biz>me|[Your verification code is|Security code:] {code}. [Do not share it|Never share this code with anyone].",
    "email:me>biz|[Thanks|Thank you], [received|got it]. [I'll read it tonight|Will look at it shortly].",
    "chat:friend>me|[did u see|have you seen] [the game|the news|that video] [last night|today][?? lol|?]",
    "voicemail:friend>me|Hey it's {friend_first}, [just calling to catch up|wanted to see how you are]. [Call me back|Ring me] [when you can|later].",
    "email:biz>me|[How did we do?|Tell us about your experience.] [Rate us from 1 to 5|Take our 2-minute survey] [for a chance to win a prize|and help us improve].",
    "chat:me>friend|[can you|could u] [grab|pick up] [milk|bread|coffee] on the way [home|back]?",
    "sms:friend>me|[happy birthday|hbd]!! [hope you have a great day|have a good one]",
    "chat:friend>me|[how's|hows] the [{biz} thing|whole mess] going?",
    "email:biz>me|[Our opening hours|Office hours] [over the holidays|this month] [are|will be] [9 am|8:30 am|10 am] to [5 pm|6 pm], Monday to Friday. [Call us on|Phone] {phone}.",
    "sms:me>friend|[ok|k] [see you|c u] at {time}",
    "chat:friend>me|[my new number is|new number:] {phone}[, save it|]",
    "sms:me>biz|[Thanks|Thank you][!|.]",
    "voicemail:biz>me|Hi, this is {biz} [returning your call|with a quick message]. [Please call us back on|You can reach us on] {phone}[ between 9 and 5|]. Thanks.",
    "call:biz>me|A: [Hello|Hi], is this {me_first}?\nB: [Yes|Speaking], who's this?\nA: [It's|This is] {biz}[, just a courtesy call|]. [Is now a good time?|Do you have a minute?]\nB: [Not really, can you call back later?|Sorry, I'm driving.]\nA: [Of course|No problem], [we'll try again|I'll call back] [tomorrow|later].",
    "voicemail:friend>me|[Hiya|Hey], [it's me|{friend_first} here]. [Are you coming on Saturday?|Did you get my text?] [Call me|Text me] back.",
]

KINDS: dict[str, dict] = {
    "travel_refund": {
        "roles": {"biz": "company:Travel|Tours|Holidays|Getaways", "agent": "person", "hotel": "company:Hotel|Inn|Suites|Resort"},
        "amounts": {"default": (250, 2400), "fee": (25, 150)},
        "items": {"default": ["Return flights", "Hotel", "Airport transfer", "Travel insurance", "Booking fee", "City tour"],
                  "hotel": ["Accommodation", "Breakfast", "City tax", "Minibar", "Parking"]},
        "subjects": ["[Booking|Re: booking] {booking}", "[Your trip|Your holiday] [confirmation|update]", "[Refund request|Complaint]: {booking}"],
        "extras": [
            "chat:me>friend|[still no word|nothing yet] from {biz}[ ugh|...|]",
            "email:biz>me|[Don't forget to|Remember to] [check in online|download your travel documents] [in our app|on our website]. [Booking|Ref]: {booking}.",
            "sms:biz>me|{biz}: [your case|your request] {ticket} [is being reviewed|is with our team]. [No action needed|We will update you].",
            "chat:friend>me|[did u|have you] [sort|sorted] out the [holiday|trip] thing yet?",
            "email:me>biz|[Any update|Is there any update] on [my request|booking {booking}]? [Thanks|Thank you].",
            "chat:me>friend|[they still owe me|still waiting on] {again}[ lol|]",
        ],
        "frames": [
            [
                "receipt:biz>me|{biz}\n[Booking confirmation|Booking receipt]\nBooking ref: {booking}\n[Traveller|Lead passenger]: {me}\n[Departure|Travel date]: {date}\n{items}\n[Total paid|Total]: {charge}",
                "chat:me>friend|[omg|guess what] [just booked|finally booked] the trip with {biz}[!!|!|] [leaving|we fly] {was}",
                "email:biz>me|[We regret to inform you that|Unfortunately] {hotel} [has overbooked|cannot honour] your reservation for booking {booking}. [We are looking for an alternative|Our team is finding another hotel] and will [contact you|be in touch] [shortly|within 48 hours].",
                "email:me>biz|[I am writing to complain about|I want to make a formal complaint about]{flag:complaint} [the way booking {booking} was handled|the overbooking at {hotel}]. [I paid {again} and|After paying {again},] [I expect a full refund{flag:refund_requested}|I want my money back{flag:refund_requested}] [by {date}{flag:deadline}|as soon as possible].",
                "?call:biz>me|A: [Hello|Good afternoon], [is this|am I speaking to] {me_first}?\nB: [Yes|Speaking].\nA: [This is|It's] {agent} from {biz}, about booking {booking}. [Your complaint has gone to a manager|Your case has been escalated to a manager]{status:escalated}.\nB: [Okay, thank you|Fine, how long will it take]?\nA: [You should hear back on|Expect an answer on] {date}.",
                "email:biz>me|[We have processed|We are pleased to confirm] a refund of {refund} [to your card ending {card}|to the original payment method]{status:resolved}. [Please allow 5-7 working days|It may take up to 10 days to appear].",
                "?sms:me>friend|[finally|yay] got the money back from {biz}[!|] [drinks on me|celebrating] at {time}?",
            ],
            [
                "email:biz>me|[Thank you for booking with us.|Thanks for booking!] [Your itinerary|Your trip] {booking} [is confirmed|has been confirmed]. [Flight|Outbound flight] {flight} departs {date} at {time}. [Total charged|Amount charged]: {charge}.",
                "sms:biz>me|{biz}: [flight|Flight] {flight} on {was} has been CANCELLED{flag:cancelled} by the airline. [Call us on|Ring] {phone} [to rebook|for options].",
                "call:biz>me|A: {biz}, [this is|you're speaking to] {agent_first}.\nB: [Hi|Hello], my flight {flight} was cancelled and I [want my money back|need a refund]{flag:refund_requested}.\nA: [I can offer a voucher|We can offer travel credit] [instead|for the full amount].\nB: [No, I want a refund|A voucher is no good to me].",
                "email:me>biz|[Following my call with {agent}|As discussed with {agent} on the phone], I [do not accept|refuse] a voucher. [Under the regulations|By law] I am entitled to a cash refund. If I do not receive it by {date}{flag:deadline}, I will [take this to small claims court|contact my lawyer]{flag:legal_threat}.",
                "?chat:me>friend|[{biz} offered|they offered] me a voucher [lol|haha no]. [told them|said] [i'll see them in court|no way]",
                "email:biz>me|[After review|Following your request], we [have refunded|are refunding] {refund_part} [for the flight|of the booking]. The booking fee [stays|is not refundable] under our terms{status:resolved}.",
            ],
            [
                "receipt:hotel>me|{hotel}\n[Guest folio|Final bill]\nGuest: {me}\nRoom: {room}\nArrival: {past}\nNights: {nights}\n{items:hotel}\nTotal: {charge}",
                "email:hotel>me|[Following your stay|After you checked out], our housekeeping team [found|reported] [a damaged carpet|a broken lamp|water damage in the bathroom] in room {room}{flag:damage_reported}. [A charge of {charge} has been applied to your card|We have charged {charge} to your card] [to cover repairs|for the repair].",
                "email:me>hotel|[I strongly dispute|I do not accept] the {again} damage charge{flag:complaint}. [The room was already like that|Nothing was broken when I left]. [Please refund it|I want this charge reversed]{flag:refund_requested}.",
                "?chat:me>friend|[can u believe|unbelievable] {hotel} [charged me|want] {again} for [a lamp|a carpet] i never touched",
                "email:biz>me|[We have contacted|Our team has contacted] {hotel} on your behalf and [opened a dispute|escalated the matter]{status:escalated}. [Reference|Case no.]: {ticket}. [We expect an answer on|A decision is expected on] {date}.",
                "email:hotel>me|[After reviewing the photos|Having checked the inspection report], we [will refund|have reversed] the damage charge of {refund}{status:resolved}. [We apologise for any inconvenience|Sorry for the trouble].",
            ],
            [
                "email:biz>me|[Thanks for your deposit of|We have received your deposit of] {charge} for [the {nights}-night package|your holiday] (ref {booking}). [The balance is due by|Please pay the remaining balance by] {date}{flag:deadline}.",
                "receipt:biz>me|{biz}\nInvoice: {invoice}\nBooking: {booking}\n{items}\n[Balance due|Amount due]: {charge}\n[Due date|Pay by]: {was}",
                "chat:friend>me|[hey|hi] [so sorry|bad news], [i cant make the trip|work won't give me the time off]. [can we|maybe we should] cancel?",
                "email:me>biz|[I'm afraid|Unfortunately] [we need to|I have to] cancel booking {booking}{flag:cancelled}. [Please confirm|Can you confirm] [what I will get back|the refund amount]{flag:refund_requested}.",
                "email:biz>me|Booking {booking} [has been cancelled|is now cancelled]{status:cancelled}. [We will refund {refund_all} to your card|A refund of {refund_all} is on its way], and [a cancellation fee of|our cancellation fee of] {fee} [will be charged separately|is charged separately].",
                "?sms:biz>me|{biz}: [refund|Refund] [processed|issued] for booking {booking}. [Allow 3-5 days|It can take 5 days].",
            ],
            [
                "email:biz>me|[Your airport transfer|Your transfer] [is booked|has been confirmed] for {date} at {time}. [Your driver|The driver] will [meet you|wait] at arrivals[ with a sign|]. [Paid|Amount paid]: {charge}.",
                "sms:me>friend|[landed|just landed] and [no driver|the transfer never showed]. [waiting|been waiting] {minutes} mins[ ffs|]",
                "receipt:me>me|[CITY TAXI|TAXI RECEIPT]\nDate: {today}\nFrom: Airport\nTo: {address}\n[Fare|Total]: {charge}\n[Driver|Cab] no: {code}",
                "email:me>biz|[The transfer I paid for never arrived|Your driver never turned up]{flag:complaint}. [I had to take a taxi for {again}|A taxi cost me {again}]. [Please refund|Please reimburse] [the transfer and the taxi|both]{flag:refund_requested}.",
                "?email:biz>me|[We have logged your complaint|Your complaint has been logged] under {ticket}. [Our team aims to reply on|Expect a reply on] {date}.",
                "email:me>biz|[It has been two weeks and I have no answer|I still have no answer] on {ticket}. [I am now escalating this to|I have filed a complaint with] the [consumer ombudsman|travel association]{status:escalated}.",
                "?email:biz>me|[We're sorry|Apologies] for the [missed pickup|no-show]. [As a goodwill gesture we have refunded|We have refunded] {refund_part}.",
            ],
        ],
    },
    "apartment_repair": {
        "roles": {"biz": "company:Property Management|Lettings|Estates|Homes", "landlord": "person",
                  "plumber": "company:Plumbing|Plumbers|Heating & Plumbing"},
        "amounts": {"default": (60, 900), "fee": (25, 80), "rent": (700, 2600)},
        "items": {"default": ["Call-out fee", "Labour", "Parts", "Materials", "Emergency surcharge"]},
        "subjects": ["Repair request - {unit}", "[Re: |]Leak in {unit}", "[Rent|Rent statement] {month}", "[Maintenance|Repairs] - {address}"],
        "extras": [
            "chat:me>friend|[the flat|my flat] is [a mess|freezing] [again|still] [lol|ugh]",
            "email:biz>me|[Reminder:|Please note:] [the building's water will be off|the lifts are out of service] [on Monday|this week] from {time}. [Sorry for the inconvenience|Thank you for your patience].",
            "sms:landlord>me|[got your msg|got your message], [will call|I'll ring you] [later|tonight]",
            "chat:friend>me|[did ur|has your] landlord [fix|fixed] [it|anything] yet?",
            "email:me>landlord|[Just checking in|Just following up] on [my repair request|the repair] for {unit}. [Thanks|Thank you].",
            "chat:me>friend|[still out of pocket|still owed] {again} [for the repair|by the landlord]",
        ],
        "frames": [
            [
                "email:me>landlord|[There is a leak|Water is leaking] [under the kitchen sink|from the bathroom ceiling] in {unit}{flag:damage_reported}. [Could you arrange a repair|Please send someone] [as soon as possible|this week]?",
                "sms:landlord>me|[ok|Ok] [will get someone out|I'll call a plumber] [next week|soon]. [don't|dont] [touch it|do anything yourself]",
                "?chat:me>friend|[landlord|my landlord] [still hasnt|has not] fixed the leak[, day {nights}|]. [bucket is full again|ceiling looks worse]",
                "email:me>landlord|[It has been two weeks|Nothing has happened] [since I reported the leak|and the leak is getting worse]{flag:complaint}. If [it is not fixed|no repair is booked] by {date}{flag:deadline}, I will [book a plumber myself and deduct it from the rent|arrange the repair myself and send you the bill].",
                "receipt:plumber>me|{plumber}\n[Invoice|INVOICE] {invoice}\n[Customer|Bill to]: {me}\n[Job|Site]: {address}\n{items}\n[Total|Amount due]: {charge}\n[Paid|Payment]: card",
                "email:me>landlord|[I had the leak fixed by {plumber}|{plumber} repaired the leak] [for {again}|at a cost of {again}]. [I will deduct this from next month's rent|Please reimburse me{flag:refund_requested}].",
                "?sms:landlord>me|[fine|ok], [deduct it|take it off the rent]. [glad its sorted|thanks for sorting it]{status:resolved}",
            ],
            [
                "email:biz>me|[Following the move-out inspection|After the final inspection] of {unit}, we [found|noted] [damage to the walls and carpet|a stained carpet and broken blinds]{flag:damage_reported}. [We will deduct|We are deducting] {charge} from your deposit.",
                "chat:me>friend|[they want|trying to take] {again} [off my deposit|of my deposit] for [a carpet that was already stained|normal wear and tear]",
                "email:me>biz|[I dispute|I do not agree with] the [deduction|charge] of {again}{flag:complaint}. [The carpet was stained when I moved in|The inventory shows the marks were already there]. [Please return my full deposit|I want my full deposit back]{flag:refund_requested} by {date}{flag:deadline}.",
                "email:biz>me|[We have reviewed|We reviewed] your [email|objection] and [our position is unchanged|we stand by the deduction]. [The deduction stays|The charge remains].",
                "email:me>biz|[As you refuse to return my deposit|Since we cannot agree], I have [raised a dispute with the deposit protection scheme|filed a claim in small claims court]{flag:legal_threat}{status:escalated}. [The hearing|Their decision] is expected on {date}.",
                "?email:biz>me|[To settle the matter|Without admitting fault], we [will return|have returned] {refund_part} of the deduction{status:resolved}.",
            ],
            [
                "sms:me>landlord|[hi|Hi] {landlord_first}, the [boiler|heating] [has stopped working|is broken again] in {unit}. [its freezing|no hot water either]",
                "voicemail:landlord>me|[Hi|Hello], it's {landlord} [about the boiler|returning your call]. [An engineer will come|I've booked an engineer] on {date} [from|after] {time}. [Call me on|My number is] {phone}.",
                "receipt:biz>me|{biz}\n[Rent statement|RENT STATEMENT]\nTenant: {me}\nProperty: {unit}\nPeriod: {month}\n[Rent due|Amount due]: {charge:rent}",
                "email:me>landlord|[The boiler broke again|The heating failed again] [two days after|just after] the repair{flag:complaint}. [I have been without heating for|That is] {nights} days now. [I am asking for a rent reduction|I'd like part of this month's rent back]{flag:refund_requested}.",
                "email:landlord>me|[Sorry about this|I'm sorry for the trouble]. [I will refund|I've transferred] {refund_part} of this month's rent, and [a new boiler goes in on|the new boiler is fitted on] {date}.",
                "?sms:me>landlord|[thanks|thank you], [heating works now|all good now]{status:resolved}",
            ],
            [
                "email:me>biz|[There is black mould|Mould is growing] [in the bedroom|on the bathroom ceiling] of {unit}{flag:damage_reported}. [It is affecting my health|My son has a cough]. [Please arrange|I need] [an inspection|someone to look at it].",
                "email:biz>me|[Thank you for reporting|We have logged] the issue (ref {ticket}). [A surveyor will visit on|Our inspector can visit on] {date} [at|around] {time}.",
                "sms:biz>me|{biz}: [your appointment|the inspection] on {was} [has been cancelled|is cancelled]{flag:cancelled}. [We will rebook|A new date will follow].",
                "email:me>biz|[This is the second time|Again] [you have cancelled|the visit was cancelled]{flag:complaint}. [I have contacted the council's housing team|I am reporting this to the council]{status:escalated}.",
                "receipt:me>me|[HARDWARE STORE|HOME & GARDEN]\nDate: {today}\nItem: [Dehumidifier|Mould treatment kit]\nQty: 1\nTotal: {charge}",
                "email:biz>me|[Our contractor will treat the mould on|The mould treatment is booked for] {date}. We will also [reimburse|refund] the [dehumidifier|treatment kit] you bought ({refund}).",
            ],
            [
                "email:biz>me|[Our records show|According to our records] [your rent for {month}|the rent] of {charge:rent} [is overdue|is now past due]{flag:payment_overdue}. [Please pay by|Payment is required by] {date}{flag:deadline}.",
                "email:me>biz|[I have withheld|I am holding back] [the rent|payment] because the [front door lock|bedroom window] [is still broken|has not been repaired]{flag:complaint}. [I first reported it on|I reported it on] {past}.",
                "email:biz>me|[A late fee of {fee} has been added to your account|We have added a late fee of {fee} to the balance]. [If it stays unpaid we will start|Failure to pay may lead to] [legal proceedings|eviction proceedings]{flag:legal_threat}.",
                "?chat:me>friend|[they're threatening|now they threaten] to evict me [lol|omg] [over a broken lock|because i asked for a repair]",
                "call:biz>me|A: [Hi|Hello], this is {landlord} [calling about|about] {unit}.\nB: [Yes|Hi], [about the lock?|is it about the repair?]\nA: [Yes|Right]. [The locksmith comes on|We've booked a locksmith for] {date}. [And we'll refund the|I'll also refund the] {refund} late fee.\nB: [Thank you|Great, thanks].",
                "?email:me>biz|[I have now paid the rent in full|Rent is paid in full now][, thanks for fixing the lock|]{status:resolved}.",
            ],
        ],
    },
    "invoice_dispute": {
        "roles": {"biz": "company:Supplies|Wholesale|Foods|Distribution|Trading", "mine": "company:Bakery|Cafe|Florist|Print Shop|Deli",
                  "rep": "person", "accountant": "person"},
        "amounts": {"default": (300, 6000), "fee": (25, 120)},
        "items": {"default": ["Goods", "Delivery", "Packaging", "Handling", "Pallet charge", "Fuel surcharge"]},
        "subjects": ["Invoice {invoice}", "[Order|Re: order] {order}", "[Account|Statement of account] - {mine}", "[Payment|Remittance] {invoice}"],
        "extras": [
            "chat:me>accountant|[can you|could you] [check|look at] the {biz} [account|statement] [when you get a sec|today]?",
            "chat:accountant>me|[done|ok], [all booked|everything's booked] [in the system|in the books]",
            "email:biz>me|[Our price list|The new catalogue] for [next season|the spring] is attached. [Order by|Orders close at] {time} [for next-day delivery|on Fridays].",
            "chat:me>friend|[work|this week] is [mad|crazy], [supplier|{biz}] [drama|problems] again",
            "email:me>rep|[Any news|Any update] on [invoice {invoice}|our account]? [Thanks|Cheers].",
            "chat:me>accountant|[we|We] [still owe|were billed] {again} [to|by] {biz}, right?",
        ],
        "frames": [
            [
                "receipt:biz>mine|{biz}\nINVOICE {invoice}\nBill to: {mine}\nOrder: {order}\n{items}\nTotal due: {charge}\nDue: {date}{flag:deadline}",
                "email:me>rep|[Our delivery for order {order}|The delivery on {past}] was [short|missing {qty} cases]{flag:complaint}. [We will not pay|We cannot pay] invoice {invoice} [in full|until this is corrected].",
                "call:biz>me|A: Hi, it's {rep_first} from {biz}.\nB: [Hi|Hello] {rep_first}.\nA: [I checked with the warehouse|The warehouse confirmed it], [you're right|the pallet was short]. [I'll issue a credit note|We'll credit the missing items].\nB: [Great|Thanks], [please send it in writing|send it over].",
                "receipt:biz>mine|{biz}\nCREDIT NOTE {ref}\nAgainst invoice: {invoice}\nCustomer: {mine}\n[Credit amount|Amount credited]: {refund_part}",
                "email:me>rep|[Thanks, we have paid|Payment sent for] the [balance|corrected amount] [of invoice {invoice}|today]{status:resolved}. [Remittance attached|See remittance].",
                "?chat:me>accountant|[fyi|FYI] [{biz} sent a credit note|got the credit note from {biz}], [can you|pls] [match it to|book it against] {invoice}",
            ],
            [
                "receipt:biz>mine|{biz}\nINVOICE {invoice}\nCustomer: {mine}\n{items}\nTotal: {charge}\nPayment terms: 30 days",
                "email:biz>me|[Our records show that|This is a reminder that] invoice {invoice} [for|of] {again} is [now overdue|past due]{flag:payment_overdue}. [Please settle it by|Kindly pay by] {date}{flag:deadline}.",
                "chat:me>accountant|[did we pay|have we paid] {biz} [for|invoice] {invoice}? [they say its overdue|they're chasing]",
                "chat:accountant>me|[not yet|no], [it was on hold|it got stuck] [because their bank details changed|waiting for your approval]. [paying today|will pay it today]",
                "email:biz>me|[As payment was late|Due to late payment], a [late payment fee|late fee] of {fee} has been [added|applied] to your account. [Unpaid balances|If the balance stays unpaid it] will be [passed to our collections agency|referred to our solicitors]{flag:legal_threat}.",
                "email:me>biz|[We have paid {paid} today|Payment of {paid} was sent today|We transferred {paid} today], [covering the invoice and the fee|in full]{status:resolved}. [Apologies for the delay|Sorry for the delay].",
            ],
            [
                "email:rep>me|[Thanks for your order|Order confirmed]: {order}. [We've charged your account|Charged to your account]: {charge}. [Delivery on|Expected delivery] {date}.",
                "?chat:me>friend|the wrong [chairs|stock] turned up [lol|again]. [so annoying|cant open with these]",
                "email:me>rep|[You sent the wrong items|The items delivered are not what we ordered]{flag:complaint}. [Please collect them and refund us|We want a full refund]{flag:refund_requested}.",
                "email:rep>me|[Sorry for the mix-up|Apologies for the error]. [Our driver will collect|A courier will pick up] the items on {date} [between {time} and 5 pm|in the morning]. [Your return number is|Return no.] {ref}.",
                "?sms:biz>me|{biz}: [collection|Collection] [for|of] return {ref} [completed|done]. [Thank you|Thanks].",
                "email:biz>me|[We have refunded {refund} to your account|A refund of {refund} has been issued] for order {order}{status:resolved}.",
            ],
            [
                "email:rep>me|[As agreed|Per our call], [here is our quote|our price] for [the spring order|{qty} pallets]: {quote}. [Valid until|This quote is valid until] {date}.",
                "receipt:biz>mine|{biz}\nINVOICE {invoice}\nBill to: {mine}\n{items}\nInvoice total: {charge}",
                "email:me>rep|[Your invoice|Invoice {invoice}] [is higher than|does not match] the [quote|agreed price] you sent{flag:complaint}. [Please correct it|Send a corrected invoice].",
                "email:biz>me|[Prices rose|Our costs went up] after [the quote expired|the quote date]. [The invoice stands|We cannot change the invoice].",
                "email:me>biz|[I'm escalating this to your management|I have asked your sales director to review this]{status:escalated}. [Until then we will not pay|We are withholding payment for now].",
                "email:biz>me|[After review|Following your escalation], [we agree to honour the quote|we will honour the quoted price] and [credit|refund] {refund_part}{status:resolved}.",
            ],
            [
                "receipt:biz>mine|{biz}\nINVOICE {invoice}\nDeliver to: {mine}\nOrder: {order}\n{items}\nTotal: {charge}",
                "email:me>rep|[Half of|Several boxes in] the delivery [arrived damaged|were crushed]{flag:damage_reported}. [Photos attached|See the photos attached].",
                "email:rep>me|[We'll send replacements|Replacements will ship] on {date}. [Please keep|Keep] the damaged [boxes|goods] for the carrier.",
                "receipt:biz>mine|{biz}\nINVOICE {ref}\nCustomer: {mine}\n[Replacement shipment|Re-delivery]: {charge}",
                "email:me>rep|[Why were we charged|You charged us] {again} for the replacements{flag:complaint}? [That was your damage|The damage was not our fault]. [Refund it please|Please reverse it]{flag:refund_requested}.",
                "email:rep>me|[You're right, that charge was an error|Apologies, that was a billing error]. [We have reversed|Refunded]: {refund}{status:resolved}.",
            ],
        ],
    },
    "car_insurance": {
        "roles": {"biz": "company:Insurance|Mutual|Assurance|Insurers", "adjuster": "person",
                  "garage": "company:Motors|Auto Repair|Body Shop|Garage", "other": "person"},
        "amounts": {"default": (200, 4500), "fee": (30, 90), "premium": (300, 1500), "excess": (100, 500)},
        "items": {"default": ["Parts", "Labour", "Paint", "Courtesy car", "Wheel alignment"]},
        "subjects": ["[Claim|Re: claim] {claim}", "Policy {policy}", "[Accident report|Your claim]", "[Vehicle|Car] {plate}"],
        "extras": [
            "chat:me>friend|[still|STILL] [no car|driving a rental] [lol|ugh], {biz} [are so slow|take forever]",
            "email:biz>me|[Drive safely this winter|Winter driving tips]: [check your tyres|keep a scraper in the car]. [Your policy|Policy] {policy} [includes|comes with] breakdown cover.",
            "sms:biz>me|{biz}: [we've updated|an update on] claim {claim}. [Log in to see it|See the app for details].",
            "chat:friend>me|[do u need|want] a lift [tmrw|tomorrow]? [can pick u up|i can grab you] at {time}",
            "email:me>adjuster|[Is there any news|Any update] on claim {claim}? [Thanks|Thank you].",
            "chat:me>friend|[they want|now they want] {again} [lol|for that]",
        ],
        "frames": [
            [
                "chat:me>friend|[someone|a van] [just hit|backed into] my car [at the lights|in the car park][!!|]. [im ok|nobody hurt] but the [bumper|door] is [wrecked|smashed]{flag:damage_reported}",
                "email:me>biz|[I need to report|I am reporting] an accident [on|from] {past}. [My policy number is|Policy:] {policy}. [The other driver|The driver at fault] was {other}, [plate|registration] {plate}.",
                "email:biz>me|[Your claim has been registered|We have opened claim] {claim}. [Your adjuster is|The handler for your claim is] {adjuster}. [Please take the car to|Book the car into] {garage} [for an estimate|for an assessment] [by|before] {date}{flag:deadline}.",
                "receipt:garage>me|{garage}\n[Repair estimate|ESTIMATE]\nVehicle: {plate}\n[Estimated total|Estimate]: {quote}\nValid for: 30 days",
                "receipt:garage>me|{garage}\nINVOICE {invoice}\nCustomer: {me}\nVehicle: {plate}\n{items}\nTotal: {charge}",
                "email:adjuster>me|[Claim {claim} is now closed|We have closed claim {claim}]{status:resolved}. [Your excess was paid to the garage|The excess is included in the invoice].",
            ],
            [
                "receipt:biz>me|{biz}\n[Policy renewal|Renewal notice]\nPolicy: {policy}\nPolicyholder: {me}\n[Annual premium|Premium]: {charge:premium}\n[Renewal date|Starts]: {date}",
                "call:biz>me|A: {biz} claims, {adjuster_first} speaking.\nB: [Hi|Hello], my [car was damaged|windscreen cracked] [overnight|in a hailstorm]{flag:damage_reported}.\nA: [I'm sorry to hear that|Sorry to hear it]. [Your claim number is|I've opened claim] {claim}.",
                "email:biz>me|[We regret that|Unfortunately] claim {claim} [is not covered|has been declined] [under your policy|as the damage is excluded].",
                "email:me>biz|[I wish to complain about|I strongly object to] the decision on claim {claim}{flag:complaint}. [I paid {again} for this policy|My premium is {again}] and [this is clearly covered|the policy covers storm damage].",
                "email:me>biz|[Eight weeks have passed|You have not replied]. [I have now referred|I am referring] my complaint to the [Financial Ombudsman|insurance ombudsman]{status:escalated}.",
                "?email:biz>me|[The ombudsman has asked us to review claim {claim}|We are reviewing claim {claim} again]. [We will reply on|Our final answer will follow on] {date}.",
            ],
            [
                "receipt:biz>me|{biz}\nPolicy schedule\nPolicy: {policy}\nVehicle: {plate}\n[Premium paid|Annual premium]: {charge:premium}",
                "email:me>biz|[I sold my car|I have sold the car] ({plate}) [last week|on {past}]. [Please cancel|I'd like to cancel] policy {policy}{flag:cancelled}.",
                "email:biz>me|[We have cancelled policy {policy}|Policy {policy} is cancelled] [from|effective] {date}{status:cancelled}. [An admin fee of|A cancellation fee of] {fee} [applies|will be charged].",
                "email:biz>me|[You are due a refund for the unused months|We will refund the unused part of your premium]: {refund_part}.",
                "?chat:me>friend|[at least|well] {biz} [are giving me|gave me] [some money back|a bit back]",
                "email:me>biz|[The refund has not arrived|I still have not received the refund]{flag:complaint}. [It was promised by|You said it would arrive by] {was}.",
                "?sms:biz>me|{biz}: [your refund|Refund] [has been sent|was issued today]. [Ref|Reference] {ref}.",
            ],
            [
                "call:biz>me|A: [Hello|Hi], you're through to {biz}.\nB: I need to claim for [a cracked windscreen|a broken side window]{flag:damage_reported}.\nA: [Our partner|Our repairer] {garage} [can fit a new one|will replace it] on {date}.\nB: [Great|Perfect], thanks.",
                "sms:garage>me|{garage}: [we're|technician] [running late|delayed], [new arrival time|ETA] {time}",
                "receipt:garage>me|{garage}\n[Job card|Work order] {order}\nVehicle: {plate}\n[Excess paid|Paid by customer]: {charge:excess}",
                "email:me>garage|[The new windscreen|The glass] [leaks when it rains|whistles at speed]{flag:complaint}. [Please fix it|I need it redone].",
                "email:garage>me|[We'll refit it free of charge|No charge for the refit]. [Booked for|See you on] {date} at {time}.",
                "?sms:me>friend|[car's|car is] [finally fixed|sorted] [properly this time|at last]{status:resolved}",
            ],
            [
                "email:other>me|[You hit my car|Your car hit mine] [at the junction|in the car park] on {past}{flag:damage_reported}. [My repair quote is|The repair will cost] {quote}. [Please pay or give me your insurance details|I expect you to pay].",
                "email:me>other|[The accident was not my fault|I don't accept liability]. [My insurer is|Contact my insurer] {biz}, policy {policy}.",
                "email:other>me|[If I don't hear from your insurer by|Unless this is sorted by] {date}{flag:deadline}, [my solicitor will contact you|I will take you to court]{flag:legal_threat}.",
                "email:biz>me|[We have opened claim {claim}|Claim {claim} has been opened] and [we will deal with|our legal team will handle] {other} directly{status:escalated}. [Do not contact them|Please don't reply to them].",
                "receipt:biz>me|{biz}\n[Statement|Claim statement]\nClaim: {claim}\n[Excess due|Your excess]: {charge:excess}\n[Due|Pay by]: {date}{flag:deadline}",
                "?email:biz>me|[Claim|Your claim] {claim} [has been settled with|is settled with] {other}'s insurer{status:resolved}.",
            ],
        ],
    },
}
