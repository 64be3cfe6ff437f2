"""Phrase banks of the EdgeGuard generator v2: kinds of incoming message by class (legal, compliance,
normal, spam, toxic), each kind written several ways, many with PII slots.

Syntax and channels as in ``edgebench.data.filters.pii_frames``: ``[a|b|c]`` picks one alternative,
``{slot}`` is a filler (a trailing digit draws a second value), a frame starts with ``chat|``,
``email|``, ``email_signed|``, ``form|`` or ``transcript|``. The slots of ``pii_frames.PII_SLOTS`` are
personal data (gold spans), every other slot is not, and a frame's literal text holds no personal
data of its own. The legal and compliance classes route by kind; normal, spam and toxic messages have
the kind route "normal" and take "compliance" from sensitive PII alone (``policy.route``). Hard
negatives: complaints without a legal threat, "court" and "lawyer" used innocently, "data" and
"privacy" in everyday senses, scams dressed as legal notices. No frame may contain the words "spam"
or "toxic" (label leaks for the flags). Written for EdgeBench; no public data set was used.
"""
from __future__ import annotations

# Slots of this bank that are not personal data, beside pii_frames.DISTRACTORS (filled by guard_v2).
EXTRA_SLOTS = ("case_no", "firm", "court", "regulator", "company", "spam_url", "shortcode", "prize", "meal",
               "place", "venue", "platform", "insult_adj", "dumb_adj")
# Fictional names only.
FIRMS = ("Hale & Morrow LLP", "Brandt Law Group", "Whitcombe Partners", "Ashford & Lane", "Pryce Solicitors",
         "Calder Reed Attorneys")
COURTS = ("Harbor County District Court", "Northfield Small Claims Court", "Riverside Superior Court",
          "Eastgate Housing Court", "Lakeview Magistrates' Court", "Westbrook Civil Court")
REGULATORS = ("Data Protection Authority", "Privacy Commissioner's Office", "Financial Conduct Office",
              "State Consumer Protection Agency", "Banking Supervision Office")
COMPANIES = ("Northwind Supplies", "Bluepeak Ltd", "Crestline Foods", "Orbit Logistics", "Harbor Analytics",
             "Greenway Builders", "Kestrel Media")

LEGAL_KINDS: dict[str, list[str]] = {
    "lawsuit_threat": [
        "chat|[this is|this is absolutely] [unacceptable|ridiculous]. [my lawyer will be in touch|my lawyer will contact you|you'll be hearing from my lawyer] [by {day}|this week|]. [I'm suing|I will sue] [{store}|your company|you] for [every penny|the {price}|damages]",
        "email|[I have now|I've] [instructed|hired] [a solicitor|an attorney|a lawyer] [at {firm}|] regarding [order {order}|invoice {invoice}|my account]. [Unless this is resolved|Unless I am refunded|If I am not refunded] [by {date}|within 14 days], [we will file|I will file] [a claim|a lawsuit|proceedings] [against {company}|against you] [without further notice|].",
        "transcript|A: [Thanks for calling|You're through to] {service}[ support|], [how can I help?|what can I do for you?]\nB: [I've called five times|This is my fourth call] about [ticket {ticket}|the charge of {price}]. [I'm done|Enough].\nA: [I'm sorry|I understand], [let me look|I can check] [again|now].\nB: [No|Don't bother]. [My attorney|My lawyer] [will be contacting you|is filing suit] [this week|on {day}]. [Note that down|Put that on the record].",
        "email_signed|[Final warning|This is my final warning]: [pay back|refund] the {price} [you took|you charged me] by {date} or I [will take you to court|am taking this to small claims court]. [My lawyer|My solicitor] {person} [has copies of everything|has all the receipts][ and can be reached at {email}|].\n\n{first}",
        "chat|[u|you] [think|really think] [u|you] can [keep|hold on to] my deposit?? [see u in court|see you in small claims]. [already|I've already] [spoke to|talked to] a lawyer",
    ],
    "cease_desist": [
        "email_signed|[We act for|This firm represents] {company}. [Your use of|Your continued use of] [our client's logo|the {project} trademark|our client's photographs] [infringes|violates] [its rights|its registered trademark]. [You must stop|Cease all use] [immediately|within 10 days of this letter] [or we will seek an injunction|or our client will commence proceedings].\n\n{person}\n{firm}\n{phone}",
        "email|[Please treat this as|This is] [a formal demand|formal notice] to [cease and desist|stop] [posting|publishing] [defamatory|false] [reviews|statements] about {company} [on the {platform}|online]. [Remove them|Take them down] by {date}[, or we will pursue all legal remedies|, failing which our client will sue].",
        "form|[CEASE AND DESIST NOTICE|Notice to cease and desist]\n[To|Recipient]: {person}\n[Address|Served at]: {address}\n[On behalf of|Client]: {company}\n[Matter|Re]: [trademark infringement|harassment|unauthorised use of copyrighted material]\n[Comply by|Deadline]: {date}\n[Counsel|Attorney]: {firm}",
        "chat|[stop|quit] [using|selling] [my|our] [designs|photos] [now|immediately]. [this is|consider this] [your|a] cease and desist[, next step is my lawyer|, my attorney has copies|]",
        "email_signed|[It has come to our attention|We have learned] that you [have been contacting|continue to contact] [our client|{person}] [despite|against] [repeated requests|their wishes]. [Cease all contact|Stop all contact] [immediately|forthwith]. [Further contact|Any further contact] will be [reported|referred to the court][ under case {case_no}|].\n\n{firm}",
    ],
    "court_notice": [
        "form|[SUBPOENA|Subpoena to produce documents]\n[Court|Issued by]: {court}\n[Case no.|Case number]: {case_no}\n[To|Witness]: {person}\n[Address|Service address]: {address}\n[Appear on|Date]: {date} at {time}\n[Produce|Documents requested]: [account records|emails and invoices|payroll records]",
        "email|[This is a reminder|Please note] that [your hearing|the hearing in case {case_no}][ at {court}|] [is set for|has been scheduled for] {date} at {time}. [Failure to appear|If you do not appear] [may result in|can lead to] [a default judgment|a warrant].",
        "transcript|A: [{court}, clerk's office|Clerk's office].\nB: [Hi|Hello], [I got a summons|I was served papers] [for|about] case {case_no}.\nA: [Can I have your name?|Name please?]\nB: {person}.\nA: [Your court date is|You're due in court on] {date}[, courtroom {room}|].",
        "chat|[got served|just got served] [papers|a summons] [at work|at the door] [today|this morning]. [court date|hearing] is {date}[, case {case_no}|]. [need|I need] [a lawyer asap|to call a lawyer]",
        "email_signed|[We have been served with|We received] a subpoena [from {court}|in case {case_no}] [requesting|for] [the account records of|all emails about] {person}. [Please preserve|Do not delete] [any|all] [records|documents] [until counsel confirms|pending review].\n\n{first}",
    ],
    "contract_dispute": [
        "email|[We write to give notice|This letter is formal notice] that {company} is in breach of [clause 7|section 4.2|the payment terms] of [our agreement|the services agreement] dated {date}. [Unless the breach is remedied|If this is not remedied] within [30|14] days, [we will terminate|our client will terminate] [the contract|the agreement] and [claim damages|seek damages].",
        "email_signed|[The invoice {invoice} for|Payment of] {amount} [is now 60 days overdue|remains unpaid] [in breach of our contract|contrary to our agreement]. [Pay|Please pay] [to IBAN {iban}|into account {acct}] by {date}[, or we will refer the matter to {firm}|, after which we will start proceedings].\n\n{person}\n{job_title}",
        "transcript|A: [{company}, accounts|Accounts receivable].\nB: [You|Your team] [delivered|shipped] [half the order|the wrong spec] and [still|now] [billed|invoiced] [the full|us the full] {amount}.\nA: [The contract says|Per the contract,] [payment is due|it's due] [on delivery|in 30 days].\nB: [Then you're in breach|You breached it first]. [Our lawyers|Our counsel] [will respond in writing|are drafting a letter].",
        "chat|[you|u] [walked off|quit] the [job|kitchen] [half done|after 3 weeks] and [won't|wont] [refund|return] the {price} deposit. [contract|the contract] says [completion by|finished by] {date}. [sending|I'm sending] [a breach letter|a demand letter] [tomorrow|on {day}]",
        "form|[Notice of dispute|Contract dispute notice]\n[Contract ref|Agreement no.]: {ref}\n[Parties|Between]: {company} and {person}\n[Breach|Issue]: [late delivery|non-payment|defective work]\n[Amount in dispute|Sum claimed]: {amount}\n[Respond by|Response due]: {date}",
    ],
    "injury_claim": [
        "email|[I slipped|I fell] [on a wet floor|on the stairs|in the car park] at [your {store} store|{store}] on {date} and [broke my wrist|hurt my back|needed stitches]. [No warning sign was out|There was no sign]. [I am claiming|I intend to claim] [compensation|for my medical bills][ and have passed this to my lawyer|].",
        "form|[Personal injury claim|Incident claim form]\n[Claimant|Injured party]: {person}\n[Address|Home address]: {address}\n[Phone|Contact]: {phone}\n[Premises|Location]: {store}, {city}\n[Date of incident|Date]: {date}\n[Injury|Injuries]: [fractured ankle|concussion|back injury]\n[Policy or ID no.|Claimant ID]: {ssn}",
        "transcript|A: [Store manager speaking|{store}, manager speaking].\nB: [My mother|My son|I] [tripped|fell] [over a loose mat|on a broken step] [at your shop|in your store] [last week|on {day}].\nA: [I'm so sorry|Oh no], [is everyone okay?|are they all right?]\nB: [Not really|Not at all], [there were stitches|it meant a night in hospital]. [Our lawyer|Our attorney] {person} [will send the claim|will be in touch] [this week|with the details].",
        "email_signed|[We represent|We act for] {person}, who [was injured|suffered injuries] [at your premises|at {store}] on {date}. [Please notify|Kindly pass this to] your insurers [and preserve the CCTV|and keep any CCTV footage]. [Medical bills|Costs to date] [are|total] {amount}.\n\n{firm}\n{phone}",
        "chat|[ur|your] [broken|busted] [railing|step] [at the front|outside] [made me fall|is why I fell] [yesterday|on {day}]. [got|I have] [photos|x-rays] and [I'm|im] [claiming|filing a claim]",
    ],
    "tenant_notice": [
        "email|[I am giving you formal notice|Please take this as formal notice] that [I will be taking legal action|I intend to take you to court] [over|regarding] [the mould|the broken heating|my withheld deposit] at {address}. [It has been|This has been] [reported|unresolved] since {date}.",
        "form|[Notice of intended legal action|Tenant's notice]\n[Tenant|From]: {person}\n[Property|Rental address]: {address}\n[Landlord|To]: {person2}\n[Issue|Complaint]: [no heating since {date}|deposit not returned|eviction without notice]\n[Action|Next step]: [claim filed with {court}|small claims filing]",
        "chat|[{first},|hi {first}] [it's been 3 months|3 months now] [without heating|with the leak]. [I'm filing|I will file] [with the housing court|at {court}] [on {day}|this week] [unless it's fixed|if nothing changes]",
        "email_signed|[You have kept|You are holding] my deposit of {price} [for two months|since {date}] [without any reason|with no itemised list]. [Pay it|Return it] [to account {acct}|to IBAN {iban}] within 14 days [or I will sue|or I will file in small claims court].\n\n{person}",
        "transcript|A: [Property office|Lettings], [how can I help?|good morning.]\nB: [I'm the tenant at|I rent] {address}. [You served me|I got] [an eviction notice|a notice to quit] [with two days' notice|that isn't valid].\nA: [It's from the landlord|That came from the owner], [not us|I'm afraid].\nB: [Then tell them|Please tell them] [my lawyer|my attorney] [is filing|will file] [an objection|a complaint] [on {day}|this week].",
    ],
}

COMPLIANCE_KINDS: dict[str, list[str]] = {
    "privacy_request": [
        "email|[Under the GDPR|Under Article 15 of the GDPR|Under the CCPA], I [request|am requesting] [a copy of|access to] all personal data [you hold about me|{company} holds on me]. [My account email is|The account is registered to] {email}. [Please respond|Respond] within [one month|30 days|45 days].",
        "email|[Please delete|I want you to delete|Erase] [my account|all my personal data] [and all data linked to|including everything tied to] {email} [under my right to erasure|under the CCPA|under GDPR Article 17]. [Confirm|Please confirm] [in writing|by email] [when it's done|once it is deleted].",
        "form|[Data subject request|Privacy request form]\n[Request type|Type]: [access|deletion|correction|portability]\n[Name|Full name]: {person}\n[Email on account|Email]: {email}\n[Address|Postal address]: {address}\n[Received|Date received]: {date}",
        "chat|[hi|hello] [can you|pls] [delete|remove] [all my data|everything you have on me][ and close my account|]. [email|acct email] is {email}. [gdpr gives me the right|under gdpr you have to]",
        "transcript|A: [Thanks for calling|You've reached] {service}[ support|].\nB: [I'd like to know|I want to know] [what personal data you have on me|what you store about me] [and who you shared it with|and where it came from].\nA: [I can log|I'll log] [a data request|a subject access request] [for you|now]. [Your name?|Can I take your name?]\nB: {person}, [and the email is|email] {email}.",
    ],
    "data_breach": [
        "email|[I left|Someone took] my [work laptop|company laptop] [on the train|from my car] [last night|on {day}]. [It had|It has] [the customer export|our client spreadsheet] [on it|in the downloads folder] [and I'm not sure it was encrypted|and it may not have been encrypted]. [Asset tag|Serial] {serial}.",
        "email_signed|[We believe|It appears] [an unauthorised party|someone outside the company] [accessed|downloaded] [the customer database|records from {host}] [between {time} and {time2}|from {time} to {time2}] on {date}. [About 2,000|Roughly 15,000|Some 800] [customer records|accounts] [may be affected|were exposed], [including names and emails|with addresses and phone numbers]. [We need to assess|Please advise on] [notification duties|whether we must notify the regulator] [within 72 hours|today].\n\n{person}\n{job_title}",
        "chat|[uh oh|ugh|help] [i|I] [sent|emailed] the [customer list|client spreadsheet|payroll file] to the [wrong|external] [address|person] [by mistake|just now]. [it went to|sent to] {email}. [who do i tell|what do I do]??",
        "transcript|A: [IT security|Security desk], [go ahead|what's happened?]\nB: [My bag was stolen|I lost my bag] [with|and] [the laptop|my work phone] [in it|inside]. [It has|There's] [customer files|patient records|client data] on it.\nA: [When did this happen?|When was this?]\nB: [This morning|Around {time}], [near|outside] {city} station.\nA: [I'll lock|We'll wipe] [the device|it] [now|remotely] and [open|raise] [incident|ticket] {ticket}.",
        "form|[Incident report|Security incident form]\n[Reported by|Reporter]: {person}\n[Date|Discovered]: {date}\n[Type|Incident type]: [lost laptop|misdirected email|unauthorised access|stolen phone]\n[Data involved|Data affected]: [customer names and addresses|order history|contact details]\n[Ticket|Ref]: {ticket}",
    ],
    "fraud_report": [
        "email|[I think|I suspect] [a customer|the account holder {person}] is [laundering money|structuring deposits]: [{party} cash deposits|several deposits] [just under|of just under] $10,000 [in one week|since {date}]. [Account|Acct] {acct}.",
        "transcript|A: [Fraud team|Financial crime desk], [how can I help?|go ahead.]\nB: [I work at|I'm calling from] the {city} branch. [A customer|Someone] [is trying to wire|wants to send] {amount} [to an account|overseas] [and seems|and looks] [coached|nervous, like someone is on the phone with them].\nA: [Hold the payment|Don't process it]. [Their name?|Customer name?]\nB: {person}.",
        "chat|[heads up|fyi] [the invoice|invoice {invoice}] [from|supposedly from] {company} [has|lists] [new bank details|a changed IBAN] {iban}. [looks like|smells like] [invoice fraud|a fake invoice][ to me|]. [don't pay it yet|hold payment]",
        "form|[Suspicious activity report|Internal fraud referral]\n[Subject|Customer]: {person}\n[Account|Account no.]: {acct}\n[Activity|Pattern]: [rapid transfers in and out|cash deposits under reporting limits|payments to shell companies]\n[Amount|Total]: {amount}\n[Reported by|Staff]: {person2}\n[Date|Detected]: {date}",
        "email_signed|[I need to report|I'm reporting] [something|a colleague] [in confidence|confidentially]. [{person} in finance|Our {job_title}] has been approving [refunds|expense claims] [to their own account|to a personal card] [since {month}|for months]. [I have screenshots|I kept copies].\n\n{first}",
    ],
    "card_sharing": [
        "email|[Here are|Sending over] the card details [for|to rebook] [the customer|{person}] [so you can|to] [process the refund|charge the balance]: {card}, exp {expiry}[, CVV on request|].",
        "email_signed|[Can you|Please] [put through|run] {price} on [this card|the card below] [for order {order}|for the booking]?\n[Card|Number]: {card}\n[Name on card|Cardholder]: {person}\n\n[Thanks|Cheers],\n{first}",
        "chat|[customer|the lady] [on the phone|at the desk] [read me|gave me] her card, [typing it here so I don't forget|saving it here]: {card}[ exp {expiry}|]",
        "email|[Forwarding|Passing on] [the list|our list] of [regular|repeat] customers with their cards [on file|for the monthly charge]: {person}, {card}; {person2}, {card2}. [Charge them on|Run them on] {date}.",
        "form|[Manual payment slip|Phone order]\n[Customer|Name]: {person}\n[Card number|Card no.]: {card}\n[Expiry|Exp]: {expiry}\n[Amount|Charge]: {price}\n[Taken by|Staff]: {first}",
    ],
    "consent_complaint": [
        "email|[I never signed up for|I did not sign up for|I never consented to] [your newsletter|marketing emails|your texts], [yet|but] [you keep emailing|I keep getting messages at] {email} [every day|weekly]. [Where did you get my details?|Who sold you my address?] [Remove me|Unsubscribe me] [and confirm|now].",
        "chat|[how did u|how did you] get [this|my] number?? [never|I never] gave [u|you] permission [to text|to send me offers]. [stop|STOP] [texting|messaging] {phone} [or I report you|or I'm reporting it]",
        "transcript|A: [{store} customer care|Customer care], [how can I help?|what can I do for you?]\nB: [I keep getting|You keep sending me] [marketing calls|sales texts] [after|even after] I [unsubscribed|opted out] [in {month}|twice].\nA: [I'm sorry about that|Apologies]. [Which number|What number] [are they going to?|is it?]\nB: {phone}. [I want it logged|I'm reporting this] [as a complaint|to the regulator].",
        "email_signed|[I unsubscribed|I opted out] [on {date}|months ago] [and|but] [still|I still] [receive|get] [your promotions|your offers] [at {email}|by post at {address}]. [This is|That's] [a breach of my consent|against the rules on consent]. [I will complain to|Next step is a complaint to] the {regulator}.\n\n{person}",
        "email|[Our|The] [new|latest] [mailing list|campaign list] [includes|was built from] [people who never opted in|a purchased contact list]. [We sent to|It went out to] [about 4,000|several thousand] [addresses|contacts] [on {date}|yesterday]. [Do we need to|Should we] [report|notify] [anyone|the regulator]?",
    ],
    "regulator_request": [
        "email|The {regulator} [has requested|is requesting] [copies of|access to] [our|all] [records of customer complaints|consent records|transaction logs] [for|covering] {month} [by|before] {date}. [Please gather them|Please collect the files] and send [them|everything] to {person}.",
        "email_signed|[Ahead of|In preparation for] the [annual|external] audit [starting|on] {date}, [please upload|send] [the access logs for|user access reviews for] {host} [and|plus] [the vendor contracts|signed policies] [to the audit folder|by {day}].\n\n{person}\n{job_title}",
        "transcript|A: [This is|I'm calling from] the {regulator}[ about case {case_no}|].\nB: [Okay|Yes], [how can I help?|go ahead.]\nA: [We need|We require] [your records|documents] [on|for] [how you handled|the handling of] [the complaint from|customer] {person}.\nB: [I'll pass this to|Let me put you through to] [our data protection officer|the right team].",
        "form|[Information request|Regulatory inquiry]\n[From|Issued by]: {regulator}\n[Reference|Ref]: {case_no}\n[Topic|Subject]: [complaint handling|data retention|anti-money-laundering controls]\n[Records due|Deadline]: {date}\n[Contact|Officer]: {person}, {email}",
        "chat|[auditors|the auditors] [want|asked for] [the|our] [data retention policy|access logs] [by|before] {day}. [who has|does anyone have] [the latest version|it]?",
    ],
}

NORMAL_KINDS: dict[str, list[str]] = {
    "personal_chat": [
        "chat|[hey|hi|yo] [are we still|still] on for {meal} [on {day}|tomorrow|tonight]? [I'll be|be there] [at|around] {time}",
        "chat|[happy birthday|happy bday] {first}!! [hope|Hope] [u|you] [have a great day|get spoiled rotten][, drinks on me {day}|]",
        "chat|[did you|did u] [see|watch] [the game|that match] [last night|on {day}]? [unreal|insane] [finish|ending]",
        "chat|[running|I'm running] [late|10 min late], [traffic is awful|the bus broke down]. [save me a seat|order for me] at {place}",
        "chat|[can you|could u] [grab|pick up] [milk|bread and eggs] on the way home? [also|and] [the {item}|my {item}] from {first}'s",
    ],
    "business_mail": [
        "email|[Can we move|Could we push] the {project} [review|sync] to {day} at {time}? [Room|I booked room] {room}[ is free|].",
        "email|[Please find attached|Attached is] [the quote|our quote] for {party} x {item}, {price} [each|per unit]. [Valid until|The quote is valid until] {date}. [PO|Reference] {invoice}.",
        "email_signed|[Thanks for|Great to meet you at] the {event}. [Shall we|Happy to] [set up a call|catch up] [next week|on {day}] about {topic}?\n\n{person}\n{job_title}\n{phone}",
        "form|[Order confirmation|Purchase order]\n[PO|Order no.]: {order}\n[Supplier|Vendor]: {company}\n[Item|Items]: {item} x{party}\n[Total|Amount]: {price}\n[Deliver to|Ship to]: {address}\n[Contact|Buyer]: {person}",
        "transcript|A: [{company}, sales|Sales desk], [how can I help?|good morning.]\nB: [I'd like to|We want to] [order|reorder] {party} [more|units of the] {item}[, same as last time|].\nA: [No problem|Sure]. [Delivery|Ship] to the usual address?\nB: [Yes|Yep], [and invoice|invoice] [as before|to accounts].",
    ],
    "support_question": [
        "email|[How do I|Can you tell me how to] [reset my password|change my delivery address|update the app] [on|for] my {service} account? [The help page|Your FAQ] [didn't help|is out of date].",
        "chat|[hi|hello] [does the {item} come with|is the {item} sold with] a [charger|warranty|case]? [looking at|thinking of] order {order}",
        "transcript|A: [{service} support|Support], [how can I help?|what can I do for you?]\nB: [The app keeps crashing|The app keeps logging me out|My account keeps logging me out] [since the update|on {day}].\nA: [Try reinstalling|Let's clear the cache]. [Is it|Are you on] [the latest version?|an iPhone or Android?]\nB: [Latest|Android], [I think|yes].",
        "email|[My|Our] {item} (serial {serial}) [won't turn on|makes a clicking noise]. [Is it|Is this] [covered by|still under] warranty? [Bought|We bought it] [on|at {store} on] {date}, [paid with the card ending {card_end}|paid with card {card}].",
        "chat|[what time|when] does {store} [open|close] on {day}? [and|also] [do u|do you] [take returns|price match]",
    ],
    "support_complaint": [
        "email|[This is the third time|Third time now] my order {order} [is late|has been delayed]. [I'm really disappointed|Honestly not good enough]. [Please|Can you] [tell me|let me know] when it will [arrive|actually arrive].",
        "chat|[still|STILL] [no|no sign of my] [parcel|delivery]. [tracking|the tracking] [says|has said] delivered [since|on] {day} [but|and] [nothing|it's not here]. [so annoyed|fed up]",
        "transcript|A: [Thanks for holding|Sorry about the wait].\nB: [I've been on hold|I've waited] [forty minutes|an hour]. [The|My] {item} [arrived broken|came damaged] [again|for the second time].\nA: [I'm really sorry|I apologise]. [I can send|Let me send] a [replacement|new one] [today|by {day}].\nB: [Fine|Okay], [but|and] [I want|I'd like] [the shipping refunded|a discount].",
        "email_signed|[Your|The] [engineer|technician] [didn't show up|never came] [again|for the second time] [on {day}|today]. [I took|I had to take] [the day off|time off work] [for nothing|for this]. [I expect|Please arrange] [a proper|a firm] [appointment|time slot] [and|plus] [some compensation|a credit].\n\n{first}",
        "chat|[worst|honestly the worst] [customer service|service] [ever|I've had]. [been|I've been] [charged|billed] {price} twice [for|on] order {order}. [fix it|sort it out] [pls|please]",
    ],
    "innocent_legal": [
        "chat|[tennis|Tennis] [on {day}|tomorrow]? [I booked|booked] court {track} [at|for] {time}[, bring balls|]",
        "chat|[my brother|my sister|{first}] the lawyer is [coming to dinner|joining us for {meal}] [on {day}|tonight][, so no politics|, set another plate|]",
        "chat|[is it|is it even] legal to [park|leave the car] [here|on this street] [overnight|after {time}]? [the sign|sign] [is so confusing|says 2 hours only]",
        "email|[Reminder|Heads-up]: the [basketball|tennis|netball] courts [at|by] the {venue} [are|will be] [closed|resurfaced] [from|on] {date}. [Practice moves|Training moves] to {time}.",
        "chat|[watching|binge-watching] [that courtroom drama|a lawyer show] [again|tonight], [the lawyer|the defence lawyer] [is so good|is hilarious] [lol|haha]",
        "email_signed|[Congrats on|Well done on] passing the bar[, future lawyer!|!] [Party|Drinks] at {place} on {day} to celebrate.\n\n{first}",
    ],
    "innocent_data": [
        "chat|[out of|ran out of] [mobile data|data] [again|already], [text|txt] [me|me instead] [don't|dont] [call|send videos]",
        "chat|[need|I need] [some privacy|a bit of privacy] [this weekend|tonight], [going|heading] [to the cabin|offline] [til|until] {day}",
        "email|[The data science|Our data] [meetup|workshop] is [on|moved to] {date} at {time}, room {room}. [Bring a laptop|Snacks provided][ and your questions on {topic}|].",
        "email|[The privacy screen|Your privacy filter] for [your|the] {item} [is back in stock|has shipped], [order|tracking] {tracking}. [Questions?|Need help?] [Reply to this email|Contact {store}].",
        "chat|[the|our] [new|latest] [phone plan|data plan] [has|gives] [unlimited data|50GB] [for|at] {price} a month[, worth it?|, thinking of switching]",
    ],
    # Everyday messages with sensitive PII: route compliance by the PII rule alone.
    "personal_admin": [
        "chat|[can you|could u] [send|transfer] [me|the] {price} for [the tickets|rent|dinner]? [my account is|acct no] {acct}[ at {bank}|]",
        "chat|[need|need ur|need your] passport number for the [flight|booking]: [mine is|here's mine] {passport}[, what's yours?|]",
        "email|[For the|To finish the] [hotel|car] booking {booking} [they need|the form needs] [a card|the card]: {card}[, exp {expiry}|]. [Can you|Could you] [book it|finish it] [tonight|by {day}]?",
        "form|[Gym membership|Membership form]\n[Name|Member]: {person}\n[Phone|Mobile]: {phone}\n[Address|Home address]: {address}\n[Direct debit account|Bank account]: {acct}\n[Start date|Starts]: {date}",
        "transcript|A: [{restaurant} bookings|{restaurant}], [how can I help?|go ahead.]\nB: [I'd like to book|Can I book] [for|a table for] {party} on {day}.\nA: [We need a card|I'll need a card] to hold it.\nB: [Sure|OK], {card}.\nA: [Thanks|Lovely], [see you at|booked for] {time}.",
    ],
}

SPAM_KINDS: dict[str, list[str]] = {
    "phishing": [
        "chat|{bank}: [we have detected|we noticed] [unusual activity|a suspicious sign-in] on your account. [Verify|Confirm] [your identity|it was you] at {spam_url} [within 24 hours|or your account will be suspended]",
        "email|[Your|Our records show your] {service} [password expires today|account will be closed]. [Log in|Sign in] at {spam_url} [to keep|to confirm] [your account|your details]. [Ignore this and|Otherwise] [you will lose access|all your data will be deleted].",
        "chat|{carrier}: [your parcel|your package {tracking}] [is on hold|could not be delivered] [due to|because of] an unpaid fee of {small_fee}. [Pay|Settle it] at {spam_url}",
        "chat|[FINAL|Final] [court notice|legal notice]: [you have|there is] an unpaid [toll|parking fine] of {small_fee}. [Pay now|Pay today] at {spam_url} to avoid [court action|legal action]",
        "email_signed|[We were unable to|We could not] [process your payment|verify your billing address]. [Update your details|Re-enter your card] at {spam_url} [within 48 hours|today].\n\n{bank} [Security|Security Team]",
    ],
    "prize_scam": [
        "chat|[WINNER!!|Congratulations!] [You have won|Your number has won] a [{prize}|{amount} cash prize]! [Txt|Reply] [WIN|CLAIM] to {shortcode} to claim. [T&Cs apply|STOP to end]",
        "email|[Congratulations|Dear winner], [your email|your address] was [selected|drawn] in the {month} [lottery|prize draw]. [To claim|To release] [your|the] {amount}, [pay|send] [a processing fee of {small_fee}|a small fee] [by {date}|today] at {spam_url}.",
        "chat|[ur|your] [awarded|guaranteed] [a|1] {prize}! [Txt|Send] CLAIM to {shortcode} [now|before {time}] [to claim|to collect]. [Valid 12hrs|Expires tonight]",
        "transcript|A: [Hello|Hi], [is this|am I speaking to] {person}?\nB: [Yes|Speaking], who's this?\nA: [Great news|Congratulations], [you've won|you were selected for] [a free cruise|a {prize}]! [We just need|All we need is] a small [booking|release] fee of {small_fee}.\nB: [I never entered anything|I didn't enter a draw].\nA: [You were entered automatically|It's automatic], [just read me|can I take] a card number [for the fee|now]?",
    ],
    "unsolicited_offer": [
        "email|[Boost|Grow] your [sales|traffic] [by 300%|overnight] with our [SEO|marketing] [package|service]. [Only|Just] {price} [this week|a month]. [Reply YES|Visit {spam_url}] [to start|for a free audit].",
        "chat|[Need cash fast?|Short on cash?] Get up to {amount} [today|in minutes]. [Apply|Start] at {spam_url}. [Bad credit OK|No checks]",
        "email_signed|[I came across|I found] [your website|your company] and [noticed|saw] [a few issues|it could rank higher]. [We offer|We can do] [a full redesign|web design] [for|from] {price}. [Interested?|Shall I send a proposal?]\n\n{person}\n[Growth Consultant|Digital Specialist]",
        "chat|[Turn|Invest] {price} [into|and get] {amount} [in 7 days|in a week] with our [crypto|AI trading] [bot|app]. [Guaranteed returns|No risk]. [Join|Sign up] at {spam_url}",
        "email|[Limited time|Exclusive offer]: [cheap|discount] [watches|software licences|designer bags] [shipped worldwide|at 90% off]. [Order now|Visit] {spam_url} [before {date}|today only].",
    ],
}

TOXIC_KINDS: dict[str, list[str]] = {
    "insult": [
        "chat|[seriously|honestly] {first}, [you are|ur] [so|genuinely] {insult_adj}[ and everyone knows it|, it's embarrassing|]",
        "chat|[that's|thats] the most {dumb_adj} [thing|idea] I've [heard|read] [all week|today]. [did you even think|do you ever think] [before typing|at all]?",
        "email|[Frankly|Honestly], [your|the] [report|work on {topic}] is [garbage|rubbish] and [so are you|you should be ashamed]. [A child|My dog] could [do better|have done better].",
        "transcript|A: [Thanks for calling|Support], [how can I help?|this is {first}.]\nB: [Are you an idiot|Are you completely {insult_adj}]? [I've explained this|I said this] [three times|already].\nA: [I'm trying to help|Please let me help].\nB: [Then get me|Put me through to] someone [who isn't {insult_adj}|with a brain].",
        "chat|[lol|lmao] [imagine|imagine being] this {insult_adj}. [go back to|stick to] [crayons|colouring books] {first}",
    ],
    "harassment": [
        "chat|[nobody|no one] [wants you|likes you] [here|on this {platform}] {first}. [just leave|log off forever][ already|]",
        "chat|[answer me|why aren't you answering]?? [I've messaged|I messaged] you [20 times|all day]. [you can't|u cant] [ignore me|hide from me] [forever|{first}]",
        "email|[Stop|Quit] [pretending|acting like] you [belong here|matter]. [Everyone|The whole team] [laughs at you|thinks you're a joke] [behind your back|in the group chat]. [Do us all a favour|Just quit].",
        "chat|[I'll|Ill] [keep|be] [posting|sharing] [your|ur] [old photos|embarrassing pics] [until|till] [you apologise|u say sorry] {first}[, everyone will see|]",
        "transcript|A: [{store}, how can I help?|Front desk.]\nB: [Is {first} working today?|Put {first} on].\nA: [She's busy|She's with a customer], [can I take a message?|can I help?]\nB: [Tell her|Tell {first}] [she's a worthless|she's a {insult_adj}] [loser|joke] and [I'll keep calling|I'll call every day] [until|till] she [quits|is fired].",
    ],
}

# Email banks per class: a shared part (no class cue in it) and a few of the class's own.
_SUBJECTS = ["[Re: your message|Re: your email]", "[Urgent|Important]", "[Following up|Follow-up]", "[Quick question|Question]",
             "Re: ticket {ticket}"]
SUBJECTS = {
    "legal": [*_SUBJECTS, "[Formal notice|Notice]", "[Final notice|Final warning]", "[Our ref|Your ref] {ref}", "Re: order {order}"],
    "compliance": [*_SUBJECTS, "[Request|My request]", "[Incident|Incident {ticket}]", "[Confidential|In confidence]"],
    "normal": [*_SUBJECTS, "[Update|Quick update]", "Re: order {order}", "[Invoice {invoice}|Re: invoice {invoice}]"],
    "spam": [*_SUBJECTS, "[Action required|Account notice]", "[You have won|Congratulations]", "[Final notice|Last chance]"],
    "toxic": [*_SUBJECTS, "[About today|Re: the meeting]", "[Your work|Re: {topic}]"],
}
_GREETINGS = ["Hello,", "Hi,", "Hi {first},", "Dear {person},", "Good morning,"]
GREETINGS = {
    "legal": [*_GREETINGS, "Dear [Sir or Madam|Sirs],", "To whom it may concern,"],
    "compliance": [*_GREETINGS, "Hi [team|all],", "Dear [Sir or Madam|team],"],
    "normal": [*_GREETINGS, "Hi [team|all],", "Dear [customer|member],"],
    "spam": [*_GREETINGS, "Dear [customer|member],", "Dear [valued customer|account holder],"],
    "toxic": [*_GREETINGS, "{first},"],
}
_SIGNOFFS = ["[Thanks|Cheers],\n{first}", "[Kind regards|Best regards],\n{person}", "[Thanks|Thank you]",
             "{first}\n[Sent from my phone|Sent from my iPhone]"]
SIGNOFFS = {
    "legal": [*_SIGNOFFS, "[Yours faithfully|Sincerely],\n{person}", "[Regards|Yours sincerely],\n{person}\n{phone}"],
    "compliance": [*_SIGNOFFS, "[Regards|Best],\n{person}\n{phone}"],
    "normal": [*_SIGNOFFS, "[Regards|Best],\n{person}\n{phone}", "[Thanks|Regards],\nThe {store} team"],
    "spam": ["[Regards|Sincerely],\nCustomer Service", "[Thanks|Thank you]", "[Best|Kind regards],\n{person}"],
    "toxic": ["", "{first}", "[Whatever|Regards]"],
}
# Speaker labels of a kind's transcripts (first speaker, second); other kinds use doc_registers.ROLES.
ROLES = {
    "court_notice": [("Clerk", "Caller"), ("Court office", "Caller")],
    "injury_claim": [("Manager", "Caller"), ("Store", "Caller")],
    "tenant_notice": [("Office", "Tenant"), ("Lettings", "Caller")],
    "contract_dispute": [("Accounts", "Client"), ("Finance", "Customer")],
    "data_breach": [("Security", "Employee"), ("IT", "Staff")],
    "fraud_report": [("Fraud desk", "Branch"), ("Analyst", "Staff")],
    "regulator_request": [("Caller", "Staff"), ("Officer", "Reception")],
    "business_mail": [("Sales", "Customer"), ("Desk", "Buyer")],
    "personal_admin": [("Host", "Caller"), ("Staff", "Guest")],
    "prize_scam": [("Caller", "Recipient"), ("Unknown", "Me")],
    "harassment": [("Front desk", "Caller"), ("Staff", "Caller")],
}
