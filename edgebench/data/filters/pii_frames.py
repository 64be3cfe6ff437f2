"""Phrase banks of the PII generator v2: kinds of message with personal data, and kinds without any
that are full of look-alikes (order, tracking and booking numbers, dates, prices, serials, flights).

Syntax as in ``spam_frames``: ``[a|b|c]`` picks one alternative, ``{slot}`` is a filler (a trailing
digit draws a second value). A frame starts with its channel (``edgebench.data.writing.doc_registers``):
``chat|``, ``email|`` (subject, greeting and sign-off come from the banks below), ``email_signed|``
(the frame carries its own signature), ``form|`` (``Label: value`` lines) or ``transcript|`` (``A:`` /
``B:`` turns). Gold follows data v1: the slots of ``PII_SLOTS`` are personal data, every other slot is
not, and a frame's literal text holds no personal data of its own. Public business phone lines
are left out altogether: v1 marks every phone number as personal, and a model cannot tell the two apart.
A card's last four digits ("card ending 4821") are a look-alike, not a card number. Written for
EdgeBench; no public data set was used.
"""
from __future__ import annotations

# Slot -> PII type: data v1's slots, plus a driver's licence number.
PII_SLOTS = {"person": "person", "first": "person", "email": "email", "phone": "phone",
             "address": "address", "card": "card_number", "iban": "account_number", "acct": "account_number",
             "ssn": "id_number", "passport": "id_number", "licence": "id_number"}
# The slots a frame may use that are not personal data (fillers of ``edgebench.data.filters.v1``; ``project``,
# a work topic without an article, is pii_v2's own).
DISTRACTORS = ("order", "tracking", "invoice", "ticket", "ref", "rma", "booking", "sku", "serial", "seat", "room",
               "flight", "gate", "track", "date", "day", "month", "time", "minutes", "price", "amount", "small_fee",
               "event", "project", "store", "bank", "carrier", "service", "utility", "clinic", "restaurant", "salon", "item", "topic",
               "city", "card_end", "code", "party", "nights", "job_title", "expiry", "host", "port")

PII_KINDS: dict[str, list[str]] = {
    "new_number": [
        "chat|[hey|hi|yo] it's {first}[,|!|.] [my new number is|new number:|I'm on] {phone}[, the old one is dead|, save it| now]",
        "chat|[can you|could u|pls] [text|message|call] {first} [on|at] {phone}? [she has the keys|he knows the gate code|she's picking you up] [for {day}|tonight|]",
        "chat|[my|My] [email|work email] [changed|is different now], [use|it's now] {email} [from now on|for the invites|]. [number's the same|phone is still {phone}|]",
        "chat|[who has|does anyone have] {first}'s number? [need to|have to] [ask about|sort out] {day}\n[it's|here:|got it:] {phone}[, tell her I said hi|]",
        "email|[Just a note that|Quick heads-up:] my [mobile|cell] number has changed to {phone}. [Please update|Could you update] your [records|contact list][ and the emergency sheet|]. [My email stays|Email is still] {email}.",
    ],
    "party_invite": [
        "chat|[party's|the party is|bbq is] at {first}'s [place|flat|house] on {day}, {address}[. bring drinks!|, from {time}|. ring the top bell]",
        "chat|[ok|okay|right] [here's|this is] the address: {address}[. parking is round the back|, buzz {room}|]. [call me|ring me] on {phone} if [you get lost|u cant find it]",
        "email|You're invited to {first}'s [30th|surprise party|housewarming] on {date} at {time}! [The address is|We're at] {address}. [RSVP to|Let] {person} [at {email}|know by {day}].",
        "chat|[we moved!|new place!|guess who moved] [our new address is|we're now at] {address}[ - come visit!|, housewarming on {day}|]",
        "email|[Directions for|Details for] {day}: [drive to|head to] {address}[ and park on the street|, it's the blue door|]. [If you get lost,|Any problems,] [call|text] {first} on {phone}.",
    ],
    "contact_referral": [
        "email|[You should talk to|I'd recommend reaching out to] {person}, who [runs|leads|manages] [our|the] {project} [work|team]. [Their email is|Email:] {email} and [mobile|direct line] {phone}. [Tell them I sent you|Mention my name].",
        "email|[As promised|Following our call], [here are|these are] the contact details for [the plumber|our accountant|the tutor]: {person}, {phone}[, {email}|]. [They're great|Highly recommend them].",
        "chat|[my|My] [cousin|neighbour|friend] {first} [does|is great at] [tax returns|wedding photos|dog walking], [her number is|call her on|text her at] {phone}",
        "chat|[fwd|forwarding|passing on] {person}'s [details|contact]: {email} / {phone}[ - she's expecting you|]",
        "email|[For the {event}|For {day}'s visit], [your|the] [contact|host] [on the day|on site] is {person} ({phone}). [If you can't reach them|Backup contact]: {person2}, {email}.",
    ],
    "work_signature": [
        "email_signed|[Attached is|Please find attached] the [updated|final] {project} [deck|report|plan]. [Let me know if you have questions|Happy to walk you through it on {day}].\n\n[Best|Regards|Thanks],\n{person}\n{job_title}[, {store}|]\n[M:|Mobile:|Cell:] {phone}\n{email}",
        "email_signed|[Thanks for the quick reply|Thanks for your time today]. [I'll send|We'll send] [the contract|the proposal] by {day}.\n\n--\n{person} | {job_title}\n{address}\n[Tel|T|Office] {phone}",
        "email_signed|[Sounds good|Works for me], see you at {time}.\n\n{first}\n[Sent from my phone|Sent from my iPhone|Sent on the go]",
        "email_signed|[Confirming|Just confirming] [our call|the meeting] on {day} at {time}.\n\n[Kind regards|Best wishes],\n{person}\n{job_title}\n[Direct|Desk]: {phone}[, mobile {phone2}|]",
        "email_signed|[I'm out of the office|I am away] until {date} [with limited email|and will reply when I'm back]. [For anything urgent|If it can't wait], [contact|please email] {person} at {email}.\n\n{first}",
    ],
    "hr_onboarding": [
        "form|[New hire form|Employee onboarding|New starter details]\n[Full name|Employee name|Name]: {person}\n[Start date|First day]: {date}\n[Job title|Position]: {job_title}\n[SSN|Social Security No.|Social security number]: {ssn}\n[Home address|Address]: {address}\n[Personal email|Email]: {email}",
        "form|[Direct deposit authorization|Payroll bank details]\n[Employee|Name]: {person}\n[Bank|Bank name]: {bank}\n[Account number|Account no.|Acct #]: {acct}\n[Effective date|Start date]: {date}\n[Pay frequency|Paid]: [biweekly|monthly|weekly]",
        "email|[Welcome aboard|Welcome to the team]! [To finish your paperwork|Before your first day on {date}], [we still need|please confirm] your [SSN|social security number] and [home address|mailing address]. [We have|On file:] {ssn}, {address}[ - is that correct?|. Please check].",
        "email|[Please add|Can you add] {person} to payroll [from|starting] {date}. [Direct deposit|Salary] [to|goes to] account {acct} at {bank}[, routing on the attached form|]. [Send the welcome pack to|Start pack to] {address}.",
        "form|[Emergency contact|Emergency contact form]\n[Employee|Staff member]: {person}\n[Contact name|Emergency contact]: {person2}\n[Relationship|Relation]: [spouse|parent|sibling|partner]\n[Phone|Mobile|Contact number]: {phone}\n[Alt. phone|Work phone]: {phone2}",
    ],
    "support_call": [
        "transcript|A: [Thanks for calling|Thank you for calling] {service}, [this is|my name is] {first}. [How can I help?|What can I do for you?]\nB: [Hi|Hello], [I can't log in|I'm locked out of my account|my password stopped working].\nA: [I can help with that|Sorry to hear that]. [Can I have|What's] the email on the account?\nB: [It's|Yeah, it's] {email}.\nA: [And|Thanks. And] [a phone number|the phone number] [for verification|on file]?\nB: {phone}.",
        "transcript|A: [Can I get your full name|Could you give me your name] [please|for the record]?\nB: [Sure|Yes], {person}.\nA: [And the account number|Your account number], [please|if you have it]?\nB: [It's|Let me see, it's] {acct}.\nA: [Thank you|Great], [I can see|I've found] order {order} [from {date}|placed on {date}].",
        "transcript|A: [Before we continue|For security], [I need to verify|can you confirm] [your address|the billing address]?\nB: {address}.\nA: [And the ticket number you were given?|Do you have the ticket number?]\nB: [Yes,|Yeah] {ticket}.\nA: [Perfect|Thanks], I'll [escalate|update] it [now|today].",
        "transcript|A: [Who am I speaking with?|May I ask who's calling?]\nB: [This is|It's] {person}, [I called yesterday|I'm calling about ticket {ticket}].\nA: [Thanks for holding|Thanks]. [What's the best number to reach you?|Can I get a callback number?]\nB: {phone}[, after {time}|].",
        "transcript|A: [I'll send a reset link|I can email you a link]. [Which email should I use?|What email address should it go to?]\nB: [The|My] [work|personal] one, {email}.\nA: [And|Also,] [should I update|do you want to update] the [mobile|phone] number?\nB: [Yes|Yeah], [it's|make it] {phone} [now|].",
    ],
    "bank_transfer": [
        "email|[Please send|Kindly transfer] {price} to [my|the] account [below|here] by {date}:\n[Account holder|Beneficiary|Name]: {person}\nIBAN: {iban}\n[Reference|Ref]: {invoice}",
        "chat|[can you|could u] [send|transfer] [me|the] {price} [for the tickets|for dinner|for the rent]? [my account is|account no is|acct:] {acct}[ at {bank}|]",
        "form|[International transfer request|Wire transfer form]\n[Sender|Remitter]: {person}\n[From account|Debit account]: {acct}\n[Beneficiary|Payee]: {person2}\n[Beneficiary IBAN|IBAN]: {iban}\n[Amount|Sum]: {amount}\n[Purpose|Reason]: [rent|invoice {invoice}|family support]",
        "email|[Our bank details have changed|Please note our new bank details]. [From {date}|Starting {date}], [please pay|send payments] to {bank}, account {acct}, [in the name of|payee] {person}. [Invoice|Your invoice] {invoice} [is attached|stays the same].",
        "chat|[here are|these are] my [bank details|details] for the [refund|deposit]: {person}, IBAN {iban}[. thanks!|, thanks so much|]",
    ],
    "card_payment": [
        "transcript|A: [I can take the payment now|We can take payment over the phone]. [What's the card number?|Can I have the long number on the card?]\nB: [Okay, it's|It's] {card}.\nA: [And the expiry date?|Expiry?]\nB: {expiry}.\nA: [And the name on the card?|Name as it appears on the card?]\nB: {person}.",
        "transcript|A: [Your total comes to|That'll be] {price}. [How would you like to pay?|Card or bank transfer?]\nB: [Card, please|On card]. [The number is|It's] {card}, [expires|exp] {expiry}.\nA: [Thank you|Got it], [that's gone through|payment approved]. [Shall I email the receipt to|Receipt to] {email}?\nB: [Yes please|Yep].",
        "chat|[can u|can you] [book|order] the [tickets|pizza|hotel] on my card? {card}, [exp|expiry] {expiry}[, name on it is {person}|]",
        "transcript|A: [I'm calling from|This is] {store} [about your order|regarding order] {order}; the card [we have|on file] was declined.\nB: [Oh|Ah], [try|use] [this one|my other card]: {card}.\nA: [And the billing address?|Billing address for that card?]\nB: {address}.",
        "chat|[hey|hi], [the card|my card] [ending {card_end}|] [got declined|expired], [use|charge] {card} [instead|for the deposit][ pls|]. [billing address|address] [is|:] {address}",
        "form|[Card authorization form|Credit card authorization]\n[Cardholder|Name on card]: {person}\n[Card number|Card no.]: {card}\n[Expiry|Exp. date]: {expiry}\n[Billing address|Address]: {address}\n[Amount|Charge]: {price}\n[Date|Authorized on]: {date}",
        "email|[Please update the card on file|Update my payment card] to {card} [(exp {expiry})|, expiry {expiry}]. [The old one|My card ending {card_end}] [was replaced|expired] on {date}. [Receipts to|Send receipts to] {email}.",
    ],
    "clinic_intake": [
        "form|[New patient registration|Patient intake form|Patient information]\n[Patient name|Full name|Name]: {person}\n[Address|Home address]: {address}\n[Phone|Mobile|Telephone]: {phone}\n[Insurer|Insurance]: [BlueOak Health|Harbor Mutual|none]\n[Reason for visit|Reason]: [back pain|annual check-up|sore throat|follow-up]\n[Appointment|Visit date]: {date}[ at {time}|]",
        "form|[Consent and contact|Contact preferences]\n[Patient|Name]: {person}\n[Email for results|Email]: {email}\n[May we leave voicemail?|Voicemail OK]: [yes|no]\n[Preferred number|Best number]: {phone}\n[Next of kin|Emergency contact]: {person2}, {phone2}",
        "transcript|A: {clinic}, [how can I help?|good morning.]\nB: [Hi|Hello], I'd like to [book|make] an appointment. [I'm a new patient|It's my first visit].\nA: [Sure|Of course]. [Your full name?|Can I take your name?]\nB: {person}.\nA: [And a number we can reach you on?|Best phone number?]\nB: {phone}.\nA: [We have|There's] {day} at {time} [available|free].",
        "form|[Insurance billing|Billing and insurance]\n[Policyholder|Insured]: {person}\n[SSN|Social Security #]: {ssn}\n[Billing address|Address]: {address}\n[Card for copay|Card on file]: {card}\n[Copay|Amount due]: {price}",
        "transcript|A: [I just need to confirm your details|Let me confirm a few details]. [Is your address still|Are you still at] {address}?\nB: [No, I moved|Actually I've moved]. [It's|The new one is] {address2} [now|].\nA: [Thanks|Got it]. [And your Social Security number for the insurance?|For the insurance claim, your SSN?]\nB: {ssn}.",
    ],
    "delivery_instructions": [
        "chat|[hi|Hi], [it's|this is] the [courier|driver] [with|for] parcel {tracking}. [I'm outside|Can't find] {address}[, which door?|. gate code?|]",
        "form|[Delivery details|Shipping information|Ship to]\n[Recipient|Name]: {person}\n[Address|Street address]: {address}\n[Phone|Contact phone]: {phone}\n[Instructions|Notes]: [leave with the neighbour|ring twice|leave in the porch|call on arrival]\n[Order|Order no.]: {order}",
        "email|[Could you change|Please update] the delivery address for order {order} to {address}? [I won't be home|I'm away] on {day}. [If the driver needs me,|Any issues,] [my number is|call] {phone}.",
        "chat|[leave it|leave the parcel] [with|at] [number 12|the neighbours|the front desk] [if I'm out|if no answer], [or|or just] [call|ring] me on {phone}[ thx|]",
        "email|[Gift order|This is a gift]: [please ship to|send it to] {person}, {address}. [Don't include|Please leave out] the receipt. [Order|Ref] {order}, [total|paid] {price}.",
    ],
    "job_application": [
        "email_signed|[I'm writing to apply for|Please accept my application for] the {job_title} [role|position] (ref {ref}). [My CV is attached|I've attached my resume]. [You can reach me|I can be reached] at {phone} or {email}.\n\n[Sincerely|Kind regards],\n{person}",
        "form|[Job application|Application for employment]\n[Applicant name|Full name]: {person}\n[Position|Role applied for]: {job_title}\n[Email|Email address]: {email}\n[Phone|Mobile]: {phone}\n[Address|Current address]: {address}\n[Available from|Start date]: {date}",
        "email|[Thanks for the interview on {day}|Following up on my interview]. [As requested|As you asked], [here is my driver's licence number|my licence number for the background check]: {licence}. [My SSN|Social security number]: {ssn}.",
        "form|[Background check consent|Pre-employment screening]\n[Candidate|Applicant]: {person}\n[Driver's licence no.|DL number]: {licence}\n[SSN|Social security no.]: {ssn}\n[Current address|Address]: {address}\n[Date|Signed on]: {date}",
        "email|[I'm referring|I'd like to refer] {person} for the {job_title} [opening|role]. [Their email is|Contact:] {email}[, phone {phone}|]. [We worked together|They were on my team] [at {store}|for two years].",
    ],
    "landlord_tenant": [
        "chat|[hi|Hi] {first}, [rent for|this month's rent for] {address} is due [on {date}|{day}]. [usual account|same account as always]: {acct}[, thanks|]",
        "email|The [plumber|electrician|gas engineer] [will visit|is booked for] {address} on {day} at {time}. [He'll call|They will call] you on {phone} [beforehand|when on the way]. [Let me know|Reply] if [that doesn't work|you need to change it].",
        "chat|[hey|Hey], [the heating|the boiler|the washing machine] at [the flat|{address}] [is broken again|stopped working]. [can u|could you] send someone? [I'm in|I'm home] [after {time}|all day {day}]. [my number:|this is] {phone}",
        "email|[Thanks for viewing|Great to meet you at the viewing of] {address}. [To hold the flat|To reserve it], [please pay|send] the {amount} deposit to {person}, IBAN {iban}, [reference|ref] {ref}.",
        "chat|[new tenant|the new lodger] [is|moves in] {day}: {person}, {phone}. [can you|pls] [give them|leave] the keys [at|in] [the lockbox|reception]?",
    ],
    "password_reset": [
        "email|[We received a request|Someone asked] to reset the password for {email}. [If this was you,|To continue,] use code {code} [within {minutes} minutes|in the app]. [If it wasn't you, ignore this email|Didn't ask? You can ignore this].",
        "email|[Your password was changed|The password on your account was changed] on {date}. [We sent a copy to|A confirmation went to] {email} [and a text to|and an SMS to] {phone}.",
        "transcript|A: [I've reset|I've unlocked] [your account|the account]. [The temporary password|A reset link] [goes to|is going to] {email}[, correct?|.]\nB: [Yes|Correct]. [And can you remove|Can you also delete] the old number {phone}?\nA: [Done|Sure, done]. [Is|And is] {phone2} [the new one|your new number]?\nB: [That's right|Yes].",
        "email|[Account recovery request|Recovery request] for {person}: the [backup|recovery] email {email} and [phone|mobile] {phone} were [verified|confirmed] on {date}. [Ticket|Case] {ticket}.",
        "chat|[i forgot|I forgot] my password [again|lol]. [the account is|it's] {email}, [can you|could u] [send the reset|reset it] [to my phone|by text] {phone}?",
    ],
    "support_ticket": [
        "form|[Support ticket|Ticket {ticket}|Help desk request]\n[Submitted by|Requester|Name]: {person}\n[Email|Contact email]: {email}\n[Phone|Callback]: {phone}\n[Subject|Issue]: [cannot print|VPN drops|laptop won't start|refund not received]\n[Order/ref|Reference]: {order}",
        "email|[Ticket|Re: ticket] {ticket}: [customer|the customer] {person} ({email}) [reports|says] [order {order} arrived damaged|the refund for {order} is missing]. [Please call them|Callback requested] on {phone}.",
        "chat|[hi|hello] [my name is|I'm] {person}, [account number|my account no is|acct] {acct}. [my last bill|the {month} bill] [is wrong|charged me twice][, can u check?|]",
        "form|[Warranty claim|Return request]\n[Customer|Name]: {person}\n[Address|Return address]: {address}\n[Product|Item]: {item}\n[Serial|Serial no.]: {serial}\n[Purchased|Purchase date]: {date}\n[RMA|Return no.]: {rma}",
        "email|[Please update|Could you update] [my contact details|the details on my account] [on|for] ticket {ticket}: [new email|email] {email}, [new phone|phone] {phone}[, new address {address}|].",
    ],
    "travel_booking": [
        "form|[Passenger details|Passenger information|Traveller info]\n[Passenger|Full name (as on passport)]: {person}\n[Passport no.|Passport number]: {passport}\n[Flight|Flight no.]: {flight}\n[Date|Departure]: {date}\n[Seat|Seat pref]: {seat}\n[Contact email|Email]: {email}",
        "transcript|A: [Can I take the passport number|I'll need the passport number] for [the second traveller|each passenger]?\nB: [Sure|Okay]. [Mine is|For me it's] {passport}, and [my husband's|my wife's|my son's] is {passport2}.\nA: [And the names as they appear|Names exactly as printed]?\nB: {person} and {person2}.\nA: [Thank you|Great], [you're confirmed|that's booked] on {flight}, [booking reference|confirmation] {booking}.",
        "email|[Please add|Can you add] {person} to booking {booking}[ for the {date} flight|]. [Passport|Passport number]: {passport}. [Contact|Best contact]: {phone}.",
        "chat|[whats|what's] your passport number? [need it|I need it] for the [check-in|booking] [on {day}|tonight]\n{passport}[, expires next year|. thanks!|]",
        "form|[Hotel registration card|Guest registration]\n[Guest name|Name]: {person}\n[Home address|Address]: {address}\n[ID|Document]: passport {passport}\n[Card on file|Guarantee card]: {card}\n[Room|Room no.]: {room}\n[Nights|Stay]: {nights}",
    ],
    "fraud_report": [
        "transcript|A: [Fraud department|Card security team], [this is|you're speaking to] {first}.\nB: [Hi|Hello], [there's a charge|I see a payment] of {price} [I didn't make|I don't recognise] on {date}.\nA: [Which card is it on?|Can you read me the card number?]\nB: {card}.\nA: [I've blocked it|That card is now frozen]. [A new one will go to|We'll post a replacement to] {address}.",
        "email|[Someone used my card|My card was used] [at {store}|online] on {date} for {price} [without my permission|and it wasn't me]. [Card number|The card]: {card}. [Please freeze|Can you block] account {acct} [as well|too].",
        "chat|[my wallet got stolen|lost my wallet], [can u|could you] [help me block|cancel] [the card|my card] {card}? [it's on|linked to] account {acct}",
        "transcript|A: [To freeze the account|Before I freeze it] [I need to verify|can you confirm] [your identity|who you are]. [Full name?|Your full name?]\nB: {person}.\nA: [And the account number?|The account number, please?]\nB: [It's|Um,] {acct}.\nA: [And the last payment you made?|And your most recent transaction?]\nB: [About|Roughly] {price} at {store} on {day}.",
        "email|[Fraud alert|Suspicious transfer] for {person}: [IBAN|account] {iban} [received|sent] {amount} on {date}, [flagged by our team|reported by the customer]. [Case|Reference] {ref}.",
    ],
    "school_enrollment": [
        "form|[Student enrollment form|School registration]\n[Student name|Child's name]: {person}\n[Grade|Year]: [3|5|7|9]\n[Parent/guardian|Guardian]: {person2}\n[Home address|Address]: {address}\n[Parent phone|Phone]: {phone}\n[Parent email|Email]: {email}",
        "email|[{first} will be picked up|My daughter will be collected] today by {person}[, her aunt|, our neighbour|]. [If you need to check|To confirm], [call me|my mobile is] {phone}.",
        "form|[After-school club sign-up|Field trip permission slip]\n[Child|Pupil]: {person}\n[Trip|Club]: [museum visit|swim club|science fair]\n[Date|Starts]: {date}\n[Parent signature|Signed by]: {person2}\n[Emergency phone|Contact number]: {phone}",
        "email|[For the class list|For the school directory], [our details are|please list]: {person}, {address}, {phone}. [Please don't share|Don't publish] [the email|my email] {email}[ outside the class|].",
        "chat|[hi all|Hi everyone], [for the carpool|for the trip on {day}] - [I'm|this is] {first}, {person}'s [mum|dad]. [my number is|text me on] {phone}",
    ],
    "payroll_tax": [
        "form|[Tax withholding form|Tax details|W-4 worksheet]\n[Employee|Name]: {person}\n[SSN|Social Security Number]: {ssn}\n[Address|Home address]: {address}\n[Filing status|Status]: [single|married|head of household]\n[Tax year|Year]: 2025",
        "email|[Your {month} payslip|Your payslip for {month}] is attached. [Net pay|Take-home pay] of {price} [was paid|went] to account {acct} on {date}. [Questions?|Any queries?] [Reply to|Contact] payroll.",
        "chat|[mum|mom|dad] [what's|whats] my social security number? [need it for|filling in] the [tax form|job form|loan thing]\nit's {ssn}[, don't send it to anyone else|. delete this after|]",
        "email|[For the 1099|For your tax return], [we have|our records show] {person}, SSN {ssn}, [at|address] {address}. [Please confirm|Let us know] [by {date}|if anything changed].",
        "form|[Contractor payment setup|Vendor onboarding]\n[Payee name|Legal name]: {person}\n[Tax ID (SSN)|SSN]: {ssn}\n[Bank account|Account number]: {acct}\n[Invoice email|Remittance email]: {email}\n[Rate|Agreed rate]: {price}/hour",
    ],
    "car_rental": [
        "form|[Rental agreement|Vehicle rental]\n[Driver|Renter]: {person}\n[Driver's licence|Licence no.]: {licence}\n[Pickup|Collection]: {date} {time}\n[Return|Drop-off]: {date2}\n[Card for deposit|Deposit card]: {card}\n[Booking|Ref]: {booking}",
        "transcript|A: [Can I see your licence?|I'll need your driving licence.] [Actually, just read me the number|Just the number is fine].\nB: [Sure|OK], {licence}.\nA: [And the card for the hold?|Which card for the deposit?]\nB: {card}.\nA: [Thanks|Perfect], [you're in|the car is in] bay {gate}.",
        "email|[Additional driver|Please add a driver] for booking {booking}: {person}, [licence|licence number] {licence}, [phone|mobile] {phone}. [Pickup|Collection] {date} at {time}.",
        "chat|[hey|Hey] [can u|can you] [send|text me] [ur|your] [licence number|driving licence number] [for the rental|so I can add you]? [need it|the form wants it] [before {time}|today]\n[ok|sure] {licence}",
        "transcript|A: [We found a parking ticket|There's a toll charge] [on your rental|from your rental] {booking}.\nB: [Oh no|Okay]. [Send it to|You can bill] {email}[ please|].\nA: [We'll charge|It'll go on] the card ending {card_end}[ then|]. [Is your address still|Still at] {address}?\nB: [Yes|Yep].",
    ],
    "utility_move": [
        "transcript|A: [{utility}, how can I help?|Thanks for calling {utility}.]\nB: [I'm moving|We're moving house] [on {date}|next week] and need to [transfer|move] the account.\nA: [Sure|No problem]. [The account number?|What's the account number?]\nB: {acct}.\nA: [And the new address?|Where are you moving to?]\nB: {address}.",
        "form|[Change of address|Move notification]\n[Account holder|Name]: {person}\n[Account no.|Account]: {acct}\n[Old address|Previous address]: {address}\n[New address|Moving to]: {address2}\n[Move date|Effective]: {date}",
        "email|[Please close|Kindly close] my {utility} account {acct} [on|from] {date}. [Send the final bill|The final bill can go] to {address} [or|or by email to] {email}.",
        "transcript|A: [We need a meter reading|Meter readings are due]. [Can I confirm the name on the account?|Name on the account?]\nB: [It's in my name|Mine], {person}.\nA: [And a contact number|Best number] [in case the engineer is late|for the engineer]?\nB: {phone}. [I'm in from {time}|After {time} is best].",
        "form|[Direct debit mandate|Direct debit]\n[Account holder|Name of account holder]: {person}\n[Bank|Bank name]: {bank}\n[Account number|Acct no.]: {acct}\n[Service address|Supply address]: {address}\n[Monthly amount|Amount]: {price}",
    ],
    "refund_request": [
        "email|[I returned|I sent back] order {order} on {date} ({rma}) [but haven't been refunded|and I'm still waiting for the refund]. [It was paid with|I paid with] card {card}. [Please refund|Refund] {price} [to that card|to the same card].",
        "chat|[hi|Hi], [the refund|my refund] for {order} [went to|was sent to] an old card. [can you send it to|please use] IBAN {iban} [instead|]? [name|account name] {person}",
        "transcript|A: [I can see the return|The return has arrived]. [Do you want|Would you like] the refund [on the original card|back on your card]?\nB: [That card is closed|I cancelled that card]. [Can it go to|Use] my account {acct}?\nA: [Yes|Sure], [under the name|account holder] {person}?\nB: [That's right|Correct].",
        "email|[Refund request|Request for refund]: {person}, [order|booking] {booking}, {price}. [Please pay it to|Bank details:] {iban}. [Contact me on|I'm on] {phone} [if needed|with questions].",
        "chat|[where's|Where is] my refund?? [I sent it back|returned it] {day}, order {order}. [email on the order|the order email] is {email}",
    ],
    "insurance_claim": [
        "form|[Claim form|Accident report]\n[Policyholder|Insured driver]: {person}\n[Licence no.|Driver's licence]: {licence}\n[Address|Home address]: {address}\n[Phone|Contact]: {phone}\n[Date of incident|Incident date]: {date}\n[Other driver|Third party]: {person2}",
        "transcript|A: [Claims line|You're through to claims], [can I take your name?|who am I speaking to?]\nB: {person}.\nA: [And where did it happen?|Location of the accident?]\nB: [Outside|Near] {address}, [around|at about] {time}.\nA: [Was anyone else involved?|Any other party?]\nB: [Yes|Yeah], {person2}, [their number is|I have their number,] {phone}.",
        "email|[Please find attached|Attached are] the photos for [my claim|claim {ref}]. [The repair shop|The garage] [will contact|can reach] me at {phone} or {email}. [Payout|Any payment] [to|should go to] account {acct}.",
        "form|[Home contents claim|Property claim]\n[Claimant|Name]: {person}\n[Property address|Insured address]: {address}\n[Item|Damaged item]: {item}\n[Value|Estimated value]: {price}\n[Payout account|Bank account]: {acct}\n[Reference|Claim ref]: {ref}",
        "transcript|A: [For the payout|To pay the claim], [I need|can I get] [your bank details|the account details]?\nB: [Sure|Okay], [it's|the IBAN is] {iban}.\nA: [And the name on the account?|Account holder name?]\nB: {person}.\nA: [Payment in|Expect it in] [3 to 5 days|a week]. [Your claim reference is|Reference] {ref}.",
    ],
}

NONE_KINDS: dict[str, list[str]] = {
    "order_update": [
        "email|[Your order|Order] {order} [has shipped|is on its way] [with|via] {carrier}. [Tracking number|Tracking]: {tracking}. [Estimated delivery|Arriving]: {date}. [Total charged|Paid]: {price}.",
        "chat|[did|Did] [the|our] {item} [arrive|come] yet? [the order was|order no.] {order}, [said|supposed to be here] {day}",
        "transcript|A: [Thanks for calling|Welcome to] {store}[ customer service|]. [Do you have an order number?|What's the order number?]\nB: [Yes|Yeah], {order}.\nA: [I see it|Found it]. [It shipped on|It left our warehouse on] {date} [and should arrive|and is due] {day}.\nB: [Great, thanks|Perfect].",
        "email|[We're sorry|Apologies]: [one item|part of your order] {order} is [delayed|out of stock]. {item} ({sku}) [will ship|should ship] [by|on] {date}. [You haven't been charged|No charge yet] for it.",
        "chat|[order|Order] {order} [total|came to] {price} [incl. shipping|with delivery], [refund of|we got back] {small_fee} [for the late delivery|as credit]",
    ],
    "travel_status": [
        "chat|[flight|Flight] {flight} [delayed|moved] to {time}, [gate|now gate] {gate}. [see you at arrivals|grab food without me]",
        "email|[Booking|Your booking] {booking} is confirmed: {nights} nights [in|at our hotel in] {city} from {date}. [Check-in|Check in] from {time}. [Room type|Room]: [double|twin|suite].",
        "transcript|A: [Your flight|Flight] {flight} [on {date}|tomorrow] [is on time|has a new departure time of {time}].\nB: [Which gate?|And the gate?]\nA: [Gate|It's gate] {gate}, [boarding at|boarding from] {time2}.\nB: [Thanks|Great, thank you].",
        "form|[Itinerary|Trip summary]\n[Confirmation|Booking ref]: {booking}\n[Flight|Outbound]: {flight}\n[Departs|Departure]: {date} {time}\n[Seat|Seat no.]: {seat}\n[Baggage|Bags]: [1 checked|carry-on only]",
        "chat|[train|the train] [to {city}|] [leaves|is leaving] [platform|from platform] {track} at {time}[, coach C|, I'm in seat {seat}|]",
    ],
    "meeting_logistics": [
        "email|The {project} [review|sync] [moved|has moved] to {day} at {time}, room {room}. [Agenda|Slides] [to follow|in the shared folder].",
        "chat|[can we|could we] [push|move] the {project} [call|sync] to {time}? [room|Room] {room} [is booked|is free] [til|until] {time2}",
        "email|[Reminder|Heads up]: [ticket|change request] {ticket} is [scheduled|planned] for {date} [between|from] {time} [and|to] {time2}. [Expect|There may be] [a short outage|slow logins] on {host}.",
        "form|[Room booking|Meeting room request]\n[Room|Room no.]: {room}\n[Date|Day]: {date}\n[Time|From]: {time}\n[Attendees|People]: {party}\n[Purpose|Project]: {project}",
        "chat|[budget|Budget] for {topic} [approved|signed off]: {amount}. [PO|Invoice] {invoice} [raised|sent] on {date}",
    ],
    "product_support": [
        "chat|[does|Does] the {item} come in [black|other colours]? [listed at|it says] {price}[, sku {sku}|]",
        "email|My {item} (serial {serial}) [stopped working|won't charge] after {minutes} days. [It was bought|I bought it] [on|from {store} on] {date}, order {order}.",
        "transcript|A: [Can you read me the serial number?|What's the serial on the back?]\nB: [It's|Okay,] {serial}.\nA: [That unit is|It's] [still under warranty|covered] until {date}. [I'll open a return|I'm creating a return], {rma}.\nB: [Thanks|Brilliant].",
        "form|[Warranty registration|Product registration]\n[Product|Model]: {item}\n[Serial no.|Serial]: {serial}\n[Purchase date|Bought on]: {date}\n[Retailer|Store]: {store}\n[Price paid|Price]: {price}",
        "chat|[is|Is] [item|product] {sku} [back in stock|available again]? [it was|was] sold out on {date}",
    ],
    "billing_notice": [
        "email|[Invoice|Your invoice] {invoice} for {price} is due on {date}. [Autopay will charge|We'll charge] the card ending {card_end} [on that day|automatically].",
        "chat|{bank}: [a payment of|purchase] {price} at {store} [on card ending {card_end}|approved]. [Not you? Use the app|Reply HELP for help]",
        "form|[Statement summary|Account summary]\n[Statement period|Period]: {month}\n[Previous balance|Opening balance]: {price}\n[Payments|Paid]: {price2}\n[Due date|Pay by]: {date}\n[Card ending|Card ends in]: {card_end}",
        "email|[Your {service} plan|Your subscription] renews on {date} for {price}. [Manage or cancel|You can cancel] [in settings|anytime in the app]. [Receipt|Ref] {ref}.",
        "transcript|A: [Your balance|The amount owed] is {price}, [due|payable by] {date}.\nB: [Can I pay|Could I pay] [half now|in two parts]?\nA: [Yes|Sure], {price2} [today|now] and the rest by {date2}. [Your reference is|Reference] {ref}.",
    ],
    "appointment_reminder": [
        "chat|{clinic}: [reminder of your|your] appointment [on {date} at {time}|tomorrow at {time}], room {room}. [Reply C to confirm|Reply Y to confirm]",
        "email|[Your appointment|This is a reminder: your visit] at {clinic} is on {date} at {time}. [Please arrive|Arrive] {minutes} minutes early[ and bring your insurance card|].",
        "transcript|A: {restaurant}, [how can I help?|good evening.]\nB: [Hi|Hello], [a table for|do you have a table for] {party} [on {day}|tonight] [around|at] {time}?\nA: [We can do|I have] {time2}. [Booking reference|Your reference] {booking}.\nB: [Perfect|Great].",
        "chat|{salon}: [see you|your booking is] on {day} at {time}[!|.] [Need to change it? Reply R|Reply C to cancel]",
        "email|[Your table|Your reservation] at {restaurant} for {party} on {date} at {time} is confirmed. [Reference|Booking no.] {booking}.",
    ],
    "it_incident": [
        "email|[Incident|INC] {ticket}: {host} [was down|returned errors] from {time} to {time2} on {date}. [Root cause|Cause]: [disk full|expired certificate|bad deploy]. [Status|Now]: resolved.",
        "form|[Change request|Change ticket]\n[Ticket|ID]: {ticket}\n[System|Host]: {host}\n[Window|Scheduled]: {date} {time}\n[Risk|Impact]: [low|medium]\n[Rollback|Backout plan]: [restore snapshot|redeploy previous build]",
        "chat|{host} [is|keeps] [throwing|returning] [500s|timeouts] [again|since {time}], [ticket|see] {ticket}. [restart|kill] the [worker|process] on port {port}?",
        "email|[Scheduled maintenance|Planned downtime]: {service} will be [unavailable|read-only] on {date} from {time} to {time2}. [No action is needed|Save your work before then].",
        "transcript|A: [Service desk|IT help desk], [what's the ticket number?|do you have a ticket number?]\nB: {ticket}. [The printer on floor|The badge reader on floor] [3|2] [is jammed|isn't working].\nA: [I'll send someone|A technician will come] [by {time}|today]. [Keep the reference|The reference stays] {ticket}.",
    ],
    "inventory_logistics": [
        "form|[Stock count|Inventory sheet]\n[SKU|Item code]: {sku}\n[Item|Description]: {item}\n[Count|Qty on hand]: {party}\n[Location|Bin]: {room}\n[Counted on|Date]: {date}",
        "form|[Packing slip|Packing list]\n[Order|Order no.]: {order}\n[Tracking|Tracking no.]: {tracking}\n[Carrier|Ship via]: {carrier}\n[Items|Contents]: {item} x{party}\n[Weight|Wt]: [2.4 kg|5 lb|11 kg]",
        "email|[Purchase order|PO] {invoice}: [please ship|please deliver] {party} x {item} ({sku}) [by|before] {date}. [Unit price|Agreed price] {price}.",
        "chat|[pallet|Pallet] [with|for] {order} [is|got] [stuck|delayed] at the {city} depot, [new ETA|eta] {date}[, tracking {tracking}|]",
        "transcript|A: [Warehouse|Dispatch], [go ahead|what do you need?]\nB: [Checking on|Calling about] [shipment|consignment] {tracking}.\nA: [It left|Loaded] at {time}, [due in|arriving] {city} [on {day}|tomorrow].\nB: [Thanks|Cheers].",
    ],
}

# Email banks per class; generic, so the kind is in the body. Only messages with PII name anyone.
SUBJECTS = {
    "pii": ["[Re: your request|Re: your message]", "[Quick question|Question]", "[My details|Details you asked for|Info for the form]",
            "[Update|Updated details]", "[Fwd: form|Fwd: details]", "[Following up|Follow-up]", "Re: ticket {ticket}",
            "[Booking {booking}|Re: booking {booking}]", "[Urgent|Important]: [account|payment]"],
    "none": ["[Your order {order}|Order {order}]", "[Update|Quick update]", "[Re: ticket {ticket}|Re: your request]",
             "[Reminder|Heads up]", "[Invoice {invoice}|Invoice due]", "[Shipping update|Delivery update]",
             "[Re: your question|Question]", "[Following up|Follow-up]", "[Booking {booking}|Re: booking {booking}]"],
}
GREETINGS = {
    "pii": ["Hi {first},", "Hello,", "Hi,", "Dear {person},", "Hi [team|all],", "Good morning,", "Dear [Sir or Madam|team],"],
    "none": ["Hello,", "Hi,", "Hi [team|all],", "Good morning,", "Dear [customer|member],", "Dear [Sir or Madam|team],"],
}
SIGNOFFS = {
    "pii": ["[Thanks|Best|Cheers],\n{first}", "[Kind regards|Best regards],\n{person}", "[Thanks|Thank you]",
            "[Best|Regards],\n{person}\n{phone}", "{first}\n[Sent from my phone|Sent from my iPhone]"],
    "none": ["[Thanks|Regards],\nThe {store} team", "[Customer Care|Support team]", "[Thanks|Thank you]", "[Best|Cheers]",
             "[Thanks|Regards],\nCustomer Care"],
}
# Speaker labels of a kind's transcripts (first speaker, second); other kinds use doc_registers.ROLES.
ROLES = {
    "clinic_intake": [("Receptionist", "Patient"), ("Front desk", "Caller"), ("Nurse", "Patient")],
    "car_rental": [("Counter", "Customer"), ("Agent", "Renter"), ("Staff", "Customer")],
    "appointment_reminder": [("Host", "Caller"), ("Staff", "Guest"), ("Restaurant", "Caller")],
    "inventory_logistics": [("Dispatch", "Driver"), ("Warehouse", "Caller"), ("Depot", "Haulier")],
    "insurance_claim": [("Claims", "Caller"), ("Handler", "Customer"), ("Agent", "Policyholder")],
}
