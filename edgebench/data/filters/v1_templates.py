"""Template families for the NLM filter generators (spam, PII, toxicity).

A family is one kind of message (a prize scam, a delivery notice, ...); the test split holds out whole
families. ``{slot}`` names a value filler in ``edgebench.data.filters.v1``; a trailing digit (``{first_name2}``)
draws a second value from the same filler. Spam templates start with their channel (``sms|`` or ``email|``).
No template may contain the words "spam" or "toxic": the validator treats them as label leaks.
"""
from __future__ import annotations

# (family, label, templates). Hard cases on purpose: friendly-looking scams and fake delivery notices
# among the spam; real delivery notices, one-time codes, bank alerts and a real raffle among the ham.
SPAM_FAMILIES: list[tuple[str, str, list[str]]] = [
    ("prize_draw", "spam", [
        "sms|Congratulations {first_name}! Your number was picked in our {store} prize draw. Claim your {prize} at {spam_url} before {date}.",
        "sms|WINNER! You have been selected to receive a {prize}. Reply CLAIM or visit {spam_url} within 24 hours.",
        "email|Subject: You're our lucky winner\n\nDear customer, your email address won a {prize} in the {month} giveaway. To release your prize, confirm your shipping details and pay a {small_fee} handling fee at {spam_url}.",
        "email|Subject: Final notice: unclaimed reward\n\nHello {first_name}, a {amount} cash reward is still waiting for you. This is your last reminder. Claim now: {spam_url}"]),
    ("account_phishing", "spam", [
        "sms|{bank} ALERT: unusual sign-in detected on your account. Verify your identity at {spam_url} or your access will be suspended.",
        "sms|Your {bank} card has been temporarily locked on {date}. Unlock it now: {spam_url}",
        "email|Subject: Action required: verify your account\n\nDear {bank} customer, we could not verify your recent activity. Log in at {spam_url} within 12 hours to avoid permanent closure.",
        "email|Subject: Your mailbox is almost full\n\nYour {service} mailbox has reached 98% of its quota. Re-validate your password at {spam_url} to keep receiving messages from {first_name} and others."]),
    ("loan_offer", "spam", [
        "sms|You are pre-approved for a {amount} personal loan at 0% interest! No credit check. Reply YES to get the cash today.",
        "sms|Need cash fast? Get up to {amount} deposited in minutes. Apply at {spam_url}. Bad credit OK.",
        "email|Subject: {first_name}, your {amount} credit line is approved\n\nNo paperwork, no credit check. Click {spam_url} and enter your bank login to receive the funds instantly.",
        "email|Subject: Consolidate your debt today\n\nStop paying high interest. Our partners cut your payments in half, guaranteed. Call {phone} now, offer ends {date}."]),
    ("crypto_investment", "spam", [
        "sms|Turn {price} into {amount} in 7 days with our crypto trading bot. Guaranteed returns. Join at {spam_url}",
        "sms|{first_name}, your bitcoin wallet received {crypto_amount}. Withdraw it before it expires: {spam_url}",
        "email|Subject: The banks don't want you to know this\n\nOur members made {amount} last month with one simple trick. Spots are limited, secure yours at {spam_url}.",
        "email|Subject: Your profit is ready\n\nDear investor, your account balance is now {amount}. To withdraw, pay the {small_fee} network fee at {spam_url}."]),
    ("fake_delivery", "spam", [
        "sms|{carrier}: your parcel is on hold due to an unpaid customs fee of {small_fee}. Pay at {spam_url} to schedule delivery.",
        "sms|We tried to deliver your package on {day} but no one was home. Reschedule here: {spam_url}",
        "email|Subject: Delivery failed - address incomplete\n\nHello, your {carrier} shipment {tracking} could not be delivered. Update your address and pay {small_fee} at {spam_url} within 48 hours or it will be returned.",
        "sms|Your {store} order is waiting at the depot. Confirm your card details at {spam_url} to release it."]),
    ("friendly_scam", "spam", [
        "sms|Hey it's {first_name}! Long time no see :) I started working from home and made {amount} last month, you have to see this {spam_url}",
        "sms|omg {first_name} is this you in this video?? {spam_url}",
        "sms|Hi! {first_name} here from the gym. Found an amazing deal on {item}, only {price} today, grab yours at {spam_url}",
        "email|Subject: thought of you\n\nHey! Hope you're doing well. I just got a {prize} for free from this site and they still have a few left: {spam_url} Let me know if it works for you! {first_name}"]),
    ("wrong_number", "spam", [
        "sms|Hi, is this {first_name}? This is {first_name2}, we met at the {event} last week. I'd love to tell you about an investment my uncle showed me.",
        "sms|Sorry, wrong number I think! But you seem nice. I'm {first_name}, I trade gold futures and made {amount} this month, happy to teach you.",
        "sms|Hello {first_name}, are we still meeting for golf on {day}? Oh sorry, wrong contact. Maybe fate? I'm {first_name2}, let's be friends.",
        "sms|Hi dear, my assistant gave me your number. I'm {first_name} and I have a business proposal that pays {amount} a week, reply if interested."]),
    ("family_emergency", "spam", [
        "sms|Hi mum, I dropped my phone, this is my new number. Can you send {price} to my friend's account? I'll pay you back on {day}.",
        "sms|Dad it's me, I'm stuck at the airport and my card was declined. Please buy a {price} {store} gift card and text me the code.",
        "sms|Hey, it's {first_name}, lost my wallet in {city}. Can you wire me {price} right now? Can't call, will explain later.",
        "email|Subject: Urgent help needed\n\nHi, I'm traveling in {city} and got robbed. I need {amount} for the hotel bill before I can fly home. Please send it to the account below today. {first_name}"]),
    ("tech_support", "spam", [
        "sms|Your {software} subscription was renewed for {price}. If you did not authorize this charge, call {phone} immediately.",
        "email|Subject: Invoice #{invoice} - payment processed\n\nThank you for renewing {software} Total Protection. {price} has been charged. To cancel and request a refund, call our billing desk at {phone}.",
        "email|Subject: Virus detected on your device\n\nWarning: your {device} is infected with 5 viruses. Call certified support at {phone} now to prevent data loss.",
        "sms|{software} security: your license expired on {date}. Your device is unprotected. Renew at {spam_url} with 80% off."]),
    ("job_scam", "spam", [
        "sms|Remote job offer: earn {price} per day liking videos from home. No experience needed. Contact our HR on {chat_app}.",
        "email|Subject: Job offer - start today\n\nHi {first_name}, your profile was selected for a part-time data entry role paying {amount} a week. Send a copy of your ID and bank details to get started.",
        "sms|Hello, I am a recruiter from {store}. Part-time work, 30 minutes a day, {price} daily salary. Add me on {chat_app}: {username}",
        "email|Subject: Mystery shopper position\n\nWe will mail you a check for {amount}. Deposit it, keep {price} as your fee, and wire the rest back to us by {date}."]),
    ("government_impersonation", "spam", [
        "sms|Tax office: you are owed a refund of {price}. Submit your details at {spam_url} to receive it.",
        "sms|FINAL WARNING: you have an outstanding toll balance of {small_fee}. Pay at {spam_url} to avoid a late fee of {price}.",
        "email|Subject: Refund notification\n\nAfter the last annual calculation of your fiscal activity, you are eligible to receive a refund of {price}. Submit the form at {spam_url} before {date}.",
        "sms|Your driving licence will be suspended on {date} due to unpaid fines. Settle now at {spam_url}"]),
    ("survey_reward", "spam", [
        "sms|{store} rewards: you have been chosen for a 30-second survey. Finish it to receive a {price} gift card: {spam_url}",
        "email|Subject: Thank you for being a loyal customer\n\nComplete our short survey and get a free {item}. Just pay {small_fee} shipping: {spam_url}",
        "sms|FREE {item} for the first 100 people! Only shipping to pay. Order now at {spam_url} Reply STOP to opt out",
        "sms|Your {store} points ({points} pts) expire today! Redeem them for a {prize} at {spam_url}"]),
    ("friends_chat", "ham", [
        "sms|are we still on for {meal} at {time}? {first_name} said she might be late",
        "sms|lol did you see what {first_name} posted? call me later",
        "sms|Running {minutes} min late, save me a seat at {place}!",
        "sms|Can you bring your {item} on {day}? Mine broke"]),
    ("family_chat", "ham", [
        "sms|Hi love, dinner at grandma's on {day} at {time}. Can you pick up {item} on the way?",
        "sms|Mum says happy birthday {first_name}!! Call her when you're free",
        "sms|Landed safely in {city}, will text when I get to the hotel. Love, {first_name}",
        "sms|Dad, I left my {item} in your car, can you drop it off on {day}?"]),
    ("receipt", "ham", [
        "email|Subject: Your {store} receipt\n\nThanks for shopping with us, {first_name}. Order {order} total: {price}. View your receipt at {ham_url}.",
        "sms|{store}: payment of {price} received for order {order}. Thank you!",
        "email|Subject: Order confirmation {order}\n\nHi {first_name}, we've received your order for {item} ({price}). We'll email you again when it ships.",
        "email|Subject: Your refund has been processed\n\nWe've refunded {price} to your original payment method for order {order}. It may take 3-5 business days to appear."]),
    ("delivery_notice", "ham", [
        "sms|{carrier}: your package {tracking} is out for delivery today between {time} and {time2}. Track it at {ham_url}",
        "sms|Your {store} order {order} was delivered and left at the front door. Questions? Reply HELP.",
        "email|Subject: Your package is on its way\n\nHi {first_name}, your order {order} has shipped with {carrier}. Tracking number: {tracking}. Estimated delivery: {date}.",
        "sms|{carrier}: we missed you today. Your parcel {tracking} will be held at the {city} pickup point until {date}. No payment needed."]),
    ("work_mail", "ham", [
        "email|Subject: Notes from {day}'s {topic} meeting\n\nHi team, the notes and action items are in the shared folder. {first_name}, can you own the follow-up with finance? Thanks",
        "email|Subject: Re: {topic}\n\nThanks {first_name}, that works for me. Let's move the review to {day} at {time} so {first_name2} can join.",
        "email|Subject: Out of office until {date}\n\nI'm away with limited access to email. For anything urgent about {topic}, please contact {first_name}.",
        "sms|Hey, running late for the {time} standup, start without me. {first_name}"]),
    ("appointment_reminder", "ham", [
        "sms|Reminder: your appointment at {clinic} is on {date} at {time}. Reply C to confirm or R to reschedule.",
        "sms|Hi {first_name}, your table for {party} at {restaurant} is booked for {day} at {time}.",
        "email|Subject: Upcoming appointment\n\nThis is a reminder that your dental cleaning at {clinic} is scheduled for {date} at {time}. Please arrive 10 minutes early.",
        "sms|{salon}: see you on {day} at {time}, {first_name}! Need to change it? Call us at {phone}."]),
    ("security_code", "ham", [
        "sms|{code} is your {service} verification code. It expires in 10 minutes. Never share this code with anyone.",
        "sms|{service}: a new sign-in to your account from {device} on {day}. If this was you, no action is needed.",
        "email|Subject: Your password was changed\n\nHi {first_name}, the password for your {service} account was changed on {date}. If you didn't do this, reset it from the app's settings.",
        "sms|Use {code} to log in to {service}. We will never call you to ask for this code."]),
    ("bank_alert", "ham", [
        "sms|{bank}: a payment of {price} to {store} was made with your card ending {card_end}. If you don't recognize it, call the number on the back of your card.",
        "sms|{bank}: your salary of {amount} has been deposited into your checking account on {date}.",
        "email|Subject: Your monthly statement is ready\n\nHi {first_name}, your {bank} statement for {month} is now available in online banking.",
        "sms|{bank}: your balance dropped below {price} on {date}. Open the app to review recent transactions."]),
    ("travel_update", "ham", [
        "sms|Your flight {flight} on {date} is on time. Boarding starts at {time}, gate {gate}.",
        "email|Subject: Your trip to {city} is confirmed\n\nHi {first_name}, your booking for {nights} nights in {city} is confirmed. Check-in opens at 3 pm on {date}.",
        "sms|Gate change: flight {flight} now departs from gate {gate} at {time}. We apologise for the inconvenience.",
        "sms|Your train to {city} departs at {time} from platform {track}. Have a good trip!"]),
    ("raffle_prize", "ham", [
        "sms|Congrats on winning the office raffle, {first_name}! Pick up your {prize} from reception on {day}.",
        "email|Subject: Results of the {event} photo contest\n\nHi all, congratulations to {first_name} for first place! The {prize} will be handed out at {day}'s all-hands.",
        "sms|You won the quiz last night! {first_name} has your {prize}, grab it from her on {day}",
        "email|Subject: You've earned a reward\n\nHi {first_name}, you've collected {points} points in your {store} account. Your {small_fee} reward will be applied automatically at checkout."]),
    ("billing", "ham", [
        "sms|{utility}: your bill of {price} is due on {date}. Pay in the app or reply PAY to use your saved card.",
        "email|Subject: Your {utility} bill is ready\n\nHi {first_name}, your {month} bill is {price}. Autopay will charge your account on {date}.",
        "email|Subject: Your subscription renews soon\n\nHi {first_name}, your {service} plan renews on {date} for {price}. You can manage or cancel it in account settings.",
        "sms|Thanks {first_name}, we received your payment of {price}. Your {utility} account is up to date."]),
    ("community", "ham", [
        "sms|Reminder: the {event} is on {day} at {time} in the {venue}. Bring {item} if you can!",
        "email|Subject: {event} volunteers needed\n\nHi neighbours, we still need two people for the setup on {day} morning. Reply to this email if you can help. {first_name}",
        "sms|School notice: early pickup on {day} at {time} for staff training. {first_name}'s class will be ready at the gate.",
        "email|Subject: Minutes from the {month} meeting\n\nAttached are the minutes. Next meeting: {date} at {time}. Thanks to {first_name} for hosting!"]),
]

# (family, severity, templates); severity "none" means label "ok". Mild insults and harassment patterns
# only: no slurs, nothing sexual, no threats of violence. Hard negatives: civil disagreement, "kill" in
# tech talk, frustration at objects, self-deprecation, praise slang, and reports that quote an insult.
TOXICITY_FAMILIES: list[tuple[str, str, list[str]]] = [
    ("insult_competence", "mild", [
        "you are {insult_adj} and everyone knows it", "honestly you're the most {insult_adj} person on this {platform}",
        "how are you this {insult_adj}? it's not that hard", "{insult_adj} as usual, why do we even bother asking you"]),
    ("dismissive", "mild", [
        "shut up, nobody asked for your opinion", "nobody cares what you think about {topic}, go away",
        "ugh, you again. just stop talking", "keep your {dumb_adj} comments about {topic} to yourself"]),
    ("belittling", "mild", [
        "wow, what a {dumb_adj} take. did you even think before typing?", "that's the most {dumb_adj} thing I've read all week",
        "lol imagine being this wrong about {topic}", "did a child write this? because it reads like one"]),
    ("condescension", "mild", [
        "bless your heart, maybe leave {topic} to people who know what they're doing", "try using your brain next time, it helps",
        "I'll explain it slowly since you clearly can't keep up", "sweetie, nobody takes your opinions on {topic} seriously"]),
    ("mocking", "mild", [
        "lol {first_name} tried so hard and still failed, embarrassing", "look at {first_name} pretending to know about {topic} again, what a joke",
        "congrats on being wrong again, {first_name}, truly impressive", "everyone is laughing at your post, not with you"]),
    ("exclusion", "moderate", [
        "nobody wants you here, just leave", "do us all a favor and disappear from this {platform}",
        "you don't belong in this {group}, everyone would be happier without you", "get lost and stop ruining every thread you touch"]),
    ("worthless", "moderate", [
        "you're worthless and your work on {topic} is garbage", "you are a waste of space in this {group}",
        "everything you make is trash and so are you", "you're a complete failure and you always will be"]),
    ("public_shaming", "moderate", [
        "everyone in this {group} thinks you're a joke, and they're right", "screenshotting this so everyone can see how {insult_adj} you are",
        "I'm sharing your post in every {group} so people can laugh at you", "we all talk about how pathetic you are when you're not around"]),
    ("persistent_harassment", "moderate", [
        "I'll keep replying to every single thing you post until you quit", "I'll make sure everyone in the {group} hears what a loser you are",
        "you can block me but I'll just make a new account, you're not getting rid of me", "I'm going to keep tagging you until you delete your account"]),
    ("demeaning", "moderate", [
        "you're an idiot and a liar, nobody should trust a word you say", "what a loser. no wonder nobody at {place} can stand you",
        "you're the reason this {group} is falling apart, you absolute clown", "go cry about it somewhere else, you pathetic loser"]),
    ("friendly", "none", [
        "thanks so much for the help with {topic}, {first_name}!", "great to see you at the {event}, let's do it again soon",
        "happy birthday {first_name}! hope it's a good one", "good luck on {day}, you've got this"]),
    ("civil_disagreement", "none", [
        "I strongly disagree, the numbers on {topic} don't support that conclusion", "I think you're wrong here, but I see why you'd read it that way",
        "respectfully, this plan for {topic} is a mistake and I'll vote against it", "I'm frustrated that we keep going in circles on {topic}, can we decide by {day}?"]),
    ("tech_kill", "none", [
        "kill the process on port {port} and restart the server", "just kill -9 the stuck worker on {host}, it'll respawn",
        "the OOM killer keeps taking down {host}, we need more memory", "can you kill the old branch after the merge? it's cluttering the list"]),
    ("object_frustration", "none", [
        "this stupid printer jammed again, third time today", "I hate Mondays, the coffee machine is broken again",
        "ugh, this update is garbage, everything on my {device} is slower now", "the {topic} spreadsheet is a total mess, let's rebuild it from scratch"]),
    ("self_deprecating", "none", [
        "I'm such an idiot, I left my keys at home again", "ugh, I'm useless before coffee, give me ten minutes",
        "I was so wrong about {topic}, my bad everyone", "note to self: stop being lazy and back up your files"]),
    ("praise_slang", "none", [
        "you killed it at the {event} last night!", "that demo was sick, {first_name}, seriously",
        "gg, you absolutely destroyed us in that last round", "your {topic} talk slayed, everyone's still talking about it"]),
    ("constructive_feedback", "none", [
        "the draft needs work: the intro is too long and section 2 repeats itself", "nice start! I'd cut the second slide and add numbers for {topic}",
        "this isn't ready to ship yet, the tests for {topic} are failing", "good idea, but the timeline for {topic} looks too tight to me"]),
    ("reporting_abuse", "none", [
        "someone replied \"nobody wants you here\" to my post, how do I report it?", "please don't call people useless in the comments, keep it civil",
        "mods, a user keeps calling {first_name} a loser in every thread, can you step in?", "reminder: insults and personal attacks get you banned from this {group}"]),
    ("neutral_questions", "none", [
        "does anyone know when the {event} starts on {day}?", "what time is the {topic} meeting again?",
        "can someone share the link to the {topic} doc?", "is the {place} open on {day}?"]),
    ("sports_venting", "none", [
        "the referee was terrible tonight, that call cost us the game", "our defense was a disaster in the second half, we need changes",
        "that was a brutal loss, I'm still annoyed about it", "the coach has to rethink the lineup before {day}"]),
]

# (family, templates). PII slots: {person} {first} {email} {phone} {address} {card} {iban} {acct} {ssn}
# {passport}; every other slot is a distractor (order numbers, dates, prices, references) that is NOT PII.
PII_FAMILIES: list[tuple[str, list[str]]] = [
    ("support_callback", [
        "Hi, this is {person}. Please call me back at {phone} about order {order}.",
        "Customer {person} called on {date} about invoice {invoice}; callback number {phone}.",
        "My name is {person} and my order {order} for {price} never arrived. You can reach me at {email}.",
        "Please update the contact on ticket {ticket}: {person}, {phone}."]),
    ("email_signature", [
        "Thanks for the quick reply!\n\nBest,\n{person}\n{job_title}\n{email} | {phone}",
        "Cheers,\n{first}\nSent from my phone\n{phone}",
        "Kind regards,\n{person}\n{address}\nTel: {phone}",
        "Looking forward to {day}.\n{person} | {email}"]),
    ("hr_onboarding", [
        "New hire form: {person}, SSN {ssn}, start date {date}, home address {address}.",
        "Please add {person} to payroll from {date}. Direct deposit to account {acct}.",
        "{person}'s tax form lists SSN {ssn} and mailing address {address}.",
        "Background check request for {person}, social security number {ssn}, reference {ref}."]),
    ("card_payment", [
        "Please charge card {card} for the {price} invoice {invoice}. Billing name: {person}.",
        "Card on file: {card}, expires {expiry}. Cardholder {person}.",
        "I was double charged {price} on my card {card} for order {order}, please refund.",
        "Update my payment method to {card} and send the receipt to {email}."]),
    ("bank_transfer", [
        "Send {price} to IBAN {iban} (account holder {person}) by {date}.",
        "My account number is {acct}, please confirm the {price} transfer from {date}.",
        "Refund to {person}, IBAN {iban}, reference {ref}.",
        "Wire details: beneficiary {person}, account {acct}, amount {price}."]),
    ("travel_booking", [
        "Passport number {passport} for {person}, flight {flight} on {date}.",
        "Traveller: {person}, passport {passport}, seat {seat}.",
        "Please add {person} to booking {booking}; contact email {email}.",
        "Hotel guest {person}, {phone}, check-in {date}, confirmation {booking}."]),
    ("shipping_address", [
        "Ship to {person}, {address}. Order {order}, total {price}.",
        "Please change the delivery address for order {order} to {address}.",
        "Deliver to {address}, leave at the back door. Call {phone} if there's a problem.",
        "Return label for {person} at {address}, RMA {rma}."]),
    ("account_recovery", [
        "I can't log in. My email is {email} and my phone is {phone}.",
        "Locked out again. Account {acct}, registered to {person}.",
        "Please reset 2FA for {email}; last login {date}.",
        "I changed my number to {phone}, the old one on file should be removed. Ticket {ticket}."]),
    ("casual_chat", [
        "hey it's {first}, my new number is {phone}",
        "text {first} at {phone}, she has the keys for {day}",
        "my email changed to {email}, use that from now on",
        "{first} just moved to {address}, send the invite there"]),
    ("clinic_intake", [
        "Patient {person}, phone {phone}, appointment {date} at {time}, room {room}.",
        "New patient form: {person}, {address}, SSN {ssn}.",
        "Please send {person}'s lab results to {email} before {date}.",
        "Emergency contact for {person}: {person2}, {phone}."]),
    ("id_verification", [
        "To verify my identity: passport number {passport}, and I live at {address}.",
        "ID on file for {person}: passport {passport}, case {ticket}.",
        "I uploaded my passport ({passport}) on {date} but the app still says pending.",
        "Verification for {person}: social security number {ssn}, phone {phone}."]),
    ("fraud_report", [
        "Someone used my card {card} at {store} on {date} for {price}. I'm {person}.",
        "Please freeze account {acct}; my card {card} was stolen.",
        "I didn't authorize the {price} charge on {date}. Card {card}, email {email}.",
        "Fraud alert for {person}: IBAN {iban} received a suspicious transfer of {price}."]),
    ("order_status", [
        "Order {order} placed on {date} for {price} has shipped.",
        "Where is my order {order}? It was due on {date}.",
        "Invoice {invoice} for {price} is due on {date}.",
        "Your return {rma} was received; a refund of {price} follows in 3-5 days."]),
    ("meeting_logistics", [
        "The {topic} review moved to {day} at {time}, room {room}.",
        "Reminder: ticket {ticket} is scheduled for {date}.",
        "Can we push the {topic} sync to {time}? Booking {booking} still holds the room.",
        "Budget for {topic}: {price} approved on {date}."]),
    ("product_question", [
        "Does the {item} come in other colors? It's listed at {price}.",
        "Is the {price} {item} back in stock? Item {sku} was sold out on {date}.",
        "My {item} (serial {serial}) stopped charging after {minutes} days.",
        "What's the warranty on order {order}? It cost {price}."]),
]
