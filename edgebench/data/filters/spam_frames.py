"""Phrase banks of the spam generator v2: kinds of message, each with several frames.

A *kind* is a real-world sort of message (a premium-rate prize text, a friend running late); a *frame* is
one way of writing it. ``[a|b|c]`` picks one alternative (``[|x]`` makes ``x`` optional), ``{slot}`` is a
value filler of ``edgebench.data.filters.v1``. A frame starts with its channel: ``sms|``, ``email|`` or
``any|`` (either). The test split holds out whole frames, so a model is scored on ways of writing it
never saw. Written for EdgeBench; no public data set was used. No frame may contain the words "spam"
or "toxic" (the validator treats them as label leaks).
"""
from __future__ import annotations

SPAM_KINDS: dict[str, list[str]] = {
    "premium_prize": [
        "sms|[WINNER!!|Congratulations!|URGENT!] [You have won|Your mobile number has won|U have won] a [{prize}|{amount} cash prize]! [Txt|Text|Reply] [WIN|CLAIM|YES] to {shortcode} to claim. [£1.50|$2|$1.99]/msg. [Reply STOP to opt out|STOP to end|T&Cs apply]",
        "sms|[FREE|Free] entry into our weekly [draw|comp|competition] to win {prize}. [Txt|Send] [GO|WIN] to {shortcode} [now|today]! [Std txt rate|18+ only|Msg&data rates may apply]",
        "sms|[Your number|This number] was [selected|drawn|chosen] [in|for] the {month} [bonus draw|reward draw]. [Call|Ring] {premium_phone} [now|before {date}] to collect {amount}. [Calls cost $1.50/min|Landline only]",
        "any|[Final|2nd|Last] [attempt|notice] to contact u! U have [won|been awarded] a {prize}. [Call|Dial] {premium_phone} [from a landline|now]. [Box 42|PO Box 7] [Claim code|Code] {code}",
        "sms|[Ur|Your] [awarded|guaranteed] [a|1] {prize} or {amount}! [Call|txt] {shortcode} to [claim|collect] [ur|your] prize. [Valid 12hrs only|Expires tonight]",
    ],
    "premium_subscription": [
        "sms|[Welcome to|Thanks for joining] {service} [Premium|VIP|Plus]! [You will be charged|U r charged] [$4.50|£3|$2.99]/week. [To cancel|To unsubscribe] [txt|reply] STOP to {shortcode}",
        "sms|[Get|Download] the [hottest|latest|top 10] [ringtones|wallpapers|games] [now|today]! [Txt|Send] TONE to {shortcode}. [$3/wk sub|Sub $2.50/wk]. [Help? {premium_phone}|STOP to quit]",
        "sms|[Your|Ur] {service} [trial|free trial] [has ended|ends today]. [You will now be billed|Renewal:] {price}/month [unless you|- to stop,] [reply|txt] STOP",
        "any|[Daily|Weekly] [horoscope|love tips|quiz] [alerts|texts] [activated|are on]! [Reply|Txt] STOP to {shortcode} to cancel. [{price} per message|Charged per msg]",
    ],
    "account_phishing": [
        "sms|{bank}: [we have detected|we noticed|there was] [unusual|suspicious] [activity|a sign-in] on your account. [Verify|Confirm] [your identity|it was you] at {spam_url} [or your account will be suspended|to avoid a hold|within 24 hours]",
        "sms|[Your|Ur] {bank} [card|debit card|account] has been [temporarily |]locked [on {date}|today]. [Unlock|Restore access] [now|here]: {spam_url}",
        "email|We could not verify your [recent activity|billing information|account details]. [Please log in|Log in now] at {spam_url} within [12|24|48] hours to avoid [permanent closure|suspension|losing access].",
        "email|Your {service} [mailbox|storage|account] [is almost full|has reached its limit|will be deactivated]. [Re-validate|Confirm] your password at {spam_url} [to keep receiving messages|to avoid data loss].",
        "any|[Apple ID|Netflix|PayPal-style] [notice|alert]: [your payment method was declined|we were unable to process your payment]. [Update your details|Update billing] at {spam_url} [to keep your subscription|today]",
    ],
    "fake_delivery": [
        "sms|{carrier}: [your parcel|your package|the item {tracking}] [is on hold|could not be delivered] [due to|because of] an unpaid [customs|shipping] fee of {small_fee}. [Pay|Settle it] at {spam_url}",
        "sms|[We tried to deliver|Delivery attempted for] your package [on {day}|today] but [no one was home|the address was incomplete]. [Reschedule|Confirm] [here|now]: {spam_url}",
        "email|Your {carrier} shipment {tracking} [could not be delivered|is waiting at our depot]. [Update your address and pay|Confirm your details and pay] {small_fee} at {spam_url} [within 48 hours|by {date}] or it will be returned.",
        "sms|[USPS|Royal Mail|{carrier}]: [final notice|last reminder], your [parcel|order] [will be returned to sender|is being held]. [Confirm|Update] [delivery|your address] [at|via] {spam_url}",
    ],
    "loan_debt": [
        "sms|[You are|U r] [pre-approved|approved] for a {amount} [loan|personal loan] [at 0% interest|with no credit check]! [Reply YES|Txt LOAN to {shortcode}] [to get the cash today|for same day funds]",
        "sms|[Need cash fast?|Short on cash?|Bills piling up?] Get up to {amount} [in minutes|today|within the hour]. [Apply|Start] at {spam_url}. [Bad credit OK|No paperwork]",
        "email|[Consolidate|Cut] your debt [today|in half]. Our [partners|advisors] [lower your payments|stop the calls] [guaranteed|in one phone call]. [Call|Ring] {phone} [now|today], offer ends {date}.",
        "any|[Still paying|Tired of paying] [high interest|too much] on [credit cards|your car loan]? [You may qualify|U qualify] for [debt relief|a government scheme]. [Reply INFO|Txt DEBT to {shortcode}] [STOP to opt out|]",
    ],
    "crypto_investment": [
        "sms|Turn {price} into {amount} in [7 days|a week|30 days] with our [crypto|AI trading] [bot|app]. [Guaranteed returns|No risk]. [Join|Start] at {spam_url}",
        "sms|{first_name}, your [bitcoin|crypto] wallet [received|was credited] {crypto_amount}. [Withdraw|Claim] it before it expires: {spam_url}",
        "email|Our members made {amount} last month with [one simple trick|this strategy the banks hate]. [Spots are limited|Only 20 places left], [secure yours|sign up] at {spam_url}.",
        "any|[Hot|Urgent] [stock|coin] tip: [$ABCX|$MOON] is about to [explode|go 10x]. [Buy before|Get in before] {day}! [Details|Join the group] {spam_url}",
    ],
    "dating_lonely": [
        "sms|[Hey|Hi] [handsome|there], [I saw your profile|we matched] [and|,] [wanna chat?|I'm bored tonight]. [Find me|My pics] at {spam_url}",
        "sms|[Lonely?|Single?] [Meet|Chat with] [local singles|women near you] [tonight|now]! [Txt|Reply] DATE to {shortcode}. [$1.50/msg|18+]",
        "any|[{first_name} sent you a private message|You have 3 new matches]! [See who|View them] at {spam_url} [before it expires|free today]",
        "sms|[I'm|Im] {first_name}, [26|new in town], [looking for|up for] [fun|a date] [this weekend|tonight]. [Text me on|Add me on] {chat_app}: {spam_url}",
    ],
    "job_scam": [
        "sms|[Remote job|Part time job|Work from home]: earn {price} [per day|an hour] [liking videos|rating products|from your phone]. [No experience needed|Flexible hours]. [Contact|Message] [our HR|Ms {first_name}] on {chat_app}",
        "email|Hi {first_name}, your profile was selected for a [part-time|remote] [data entry|assistant] role paying {amount} a week. [Send|Reply with] a copy of your ID and bank details to [get started|receive your contract].",
        "sms|[Hello|Hi], I'm a recruiter from [an agency|{store} HR]. [We saw your CV|Your resume fits] a [role|job] paying {price}/day. [Interested?|Reply Y] [Add me on {chat_app}|{spam_url}]",
        "any|[Mystery shopper wanted|Secret shopper needed]! [Get paid|Earn] {amount} [per assignment|per week]. [We send you a check|Deposit our check], [keep your fee|wire back the rest]. [Apply|Reply] now",
    ],
    "tech_support_refund": [
        "sms|Your {software} subscription was renewed for {price}. If you did not authorize this [charge|payment], call {phone} [immediately|now]",
        "email|Thank you for renewing {software} [Total Protection|Premium]. {price} has been charged. To cancel and request a refund, call our billing desk at {phone}.",
        "email|[Warning|Alert]: your {device} is infected with [5|3|12] viruses. Call [certified|Microsoft-style] support at {phone} [now|immediately] to prevent data loss.",
        "any|[You are eligible for|U r owed] a {price} refund [for an overcharge|from {software}]. [Claim|Get] it at {spam_url} [today|within 24h]",
    ],
    "government_toll_tax": [
        "sms|[Toll|Road toll] [notice|services]: you have an unpaid toll of {small_fee}. [Pay|Settle] [by {date}|today] at {spam_url} to avoid a {price} late fee.",
        "sms|[IRS|Tax office|HMRC]: [you are due|you're owed] a tax refund of {price}. [Submit|Confirm] your details at {spam_url}",
        "email|[Final notice|Notice of violation]: our records show an outstanding [fine|penalty] of {price}. [Failure to pay|If unpaid] by {date} [will result in|means] [legal action|a warrant]. Pay at {spam_url}.",
        "any|[Your|Ur] [driving licence|vehicle registration] [has expired|is suspended]. [Renew|Reactivate] [now|today] at {spam_url} to avoid a fine",
    ],
    "gift_card_survey": [
        "sms|[You've been selected|Congrats, you're chosen] to [take our 30-second survey|rate your recent visit] and get a {prize}. [Start|Go] [here|now]: {spam_url}",
        "sms|{store} [customer reward|loyalty bonus]: you have {points} points [expiring|about to expire] [today|on {date}]. [Redeem|Claim] [for a {prize}|now] at {spam_url}",
        "email|[Thank you for being a loyal customer|As a valued member]! Answer [3|5] questions and [receive|claim] a {prize}. [Only|Just] pay {small_fee} shipping at {spam_url}.",
        "any|[FREE|Free] {prize} [for the first 100|for you]! [Just|Simply] [confirm your address|cover shipping] [at|->] {spam_url}",
    ],
    "marketing_optout": [
        "sms|[FLASH SALE|MEGA DEAL|Last chance]! [50%|70%|Up to 80%] off [everything|all {item}s] at {store} [this weekend|today only]. [Shop|Tap] {spam_url} [Reply STOP to opt out|Txt STOP to end]",
        "sms|[Exclusive|VIP] [offer|deal] [just for you|for our members]: [buy 1 get 1 free|free delivery] on {item}s. [Use code|Code] {code}. [STOP to unsubscribe|Opt out: reply STOP]",
        "any|[Hurry!|Don't miss out!] [Our biggest sale|The clearance event] ends [at midnight|{date}]. [Save|Get] [big|up to {price} off] [at|->] {spam_url}. [Txt STOP to {shortcode} to end|Unsub: STOP]",
        "email|[You're invited|Early access]: our [summer|holiday|spring] collection is here, and [you get|members get] [30%|40%] off [for 48 hours|this week only]. [Shop now|See the deals] at {spam_url}. [Unsubscribe|Manage preferences]",
    ],
    "casino_betting": [
        "sms|[Claim|Get] [100|50] [free spins|free bets] [+|and] a {amount} [welcome bonus|deposit match] [today|now]! [Play|Join] at {spam_url}. [18+ T&Cs apply|Gamble responsibly]",
        "sms|[Your|Ur] [free bet|bonus] of {price} [is waiting|expires tonight]. [Log in|Bet now] [at|->] {spam_url} [Reply STOP to opt out|]",
        "any|[Jackpot|JACKPOT] alert! [{first_name} from {city} just won|Someone near you won] {amount}. [You could be next|Your turn], [spin now|play now] {spam_url}",
        "email|[Double your first deposit|Get 200% on your first deposit] and [play|spin] [for free|risk-free] [all weekend|tonight]. [No wagering|Instant withdrawals]. [Join|Claim] at {spam_url}.",
    ],
    "wrong_number_pig": [
        "sms|Hi, is this {first_name}? This is {first_name2}, we met at the {event} [last week|last month]. [I'd love to tell you about|Let me share] an investment my [uncle|mentor] showed me.",
        "sms|[Sorry, wrong number I think!|Oops, wrong person!] But you seem nice. I'm {first_name}, I trade [gold|crypto|forex] and made {amount} this month, [happy to teach you|want to learn?]",
        "sms|Hello {first_name}, are we still [meeting|on] for [golf|dinner|tennis] on {day}? Oh sorry, wrong contact. [Maybe fate?|Nice to meet you anyway!] I'm {first_name2}",
        "sms|[Hi dear|Hello friend], my [assistant|secretary] gave me your number. I'm {first_name} and I have a [business proposal|opportunity] that pays {amount} a week, [reply if interested|let's talk]",
    ],
    "family_emergency": [
        "sms|Hi [mum|mom|dad], I [dropped|broke] my phone, this is my new number. Can you [send|transfer] {price} to my friend's account? I'll pay you back [on {day}|tomorrow]",
        "sms|[Dad|Mom] it's me, I'm stuck at the [airport|station] and my card was declined. Please buy a {price} {store} gift card and text me the code",
        "sms|Hey, it's {first_name}, [lost my wallet|got robbed] in {city}. Can you wire me {price} right now? [Can't call|Phone is dying], will explain later",
        "email|Hi, I'm traveling in {city} and [got robbed|lost my bag]. I need {amount} for the hotel bill before I can fly home. Please send it to the account below today. {first_name}",
    ],
    "pharmacy_health": [
        "sms|[Lose|Drop] [10|20] lbs in [2 weeks|10 days] [without dieting|with one pill]! [Order|Try it] [now|risk free] at {spam_url}",
        "any|[Cheap|Discount] [meds|pills] [without a prescription|online], [up to 80% off|shipped discreetly]. [Order|Visit] {spam_url}",
        "email|[Doctors hate this|Clinically proven]: the [natural|herbal] [formula|supplement] that [reverses aging|melts belly fat]. [Claim your free bottle|Try it free], just pay {small_fee} shipping at {spam_url}.",
        "sms|[Your|Ur] [prescription|order] of [weight loss|vitamin] [pills|tablets] is [ready|approved]. [Confirm payment|Pay {small_fee}] at {spam_url}",
    ],
    "car_warranty_insurance": [
        "any|[We've been trying to reach you|Final notice] [about|regarding] your car's extended warranty. [Call|Press 1 and call] {phone} [before it expires|today]",
        "sms|[You may be entitled to|U could claim] {amount} [compensation|for the accident you had]. [Reply CLAIM|Txt YES] [for a free check|now]. [STOP to opt out|]",
        "sms|[Your|Ur] [car insurance|home cover] [could be|is] [40%|{price}] cheaper. [Get a quote|Compare now] at {spam_url} [in 2 mins|today]",
        "email|Our records show your vehicle [may no longer be covered|is missing coverage]. [Renew|Reactivate] your protection plan [today|by {date}] by calling {phone}.",
    ],
}

HAM_KINDS: dict[str, list[str]] = {
    "meet_up": [
        "sms|[ok|k|okay] see [u|you] at {time}[| then][|!|:)]",
        "sms|[Are we still on|Still on] for {meal} [tomorrow|on {day}|tonight]? [I can do|How about] {time} at {place}",
        "sms|[im|I'm|I am] [outside|here|at the door][| now][, where r u?| where are you?|]",
        "sms|[wanna|want to|Do you want to] [grab|get] {meal} [later|after work|this weekend]? [my treat|I'm free after {time}|]",
        "sms|[meet|Meet me] at {place} [in 10|in 20 min|at {time}]?[| x]",
    ],
    "errands": [
        "sms|can [u|you] [grab|get|pick up] [milk|bread|eggs and milk|some bananas] [on the way home|on your way back|from the shop][| pls| please|]",
        "sms|[we're|we are] out of [coffee|toilet paper|dish soap], [can you|could u] [get some|pick some up][| when ur out|]",
        "sms|[don't|dont] forget [to pick up|the] [the dry cleaning|my prescription|the kids at {time}][| x|!|]",
        "sms|[did you|did u] [pay|remember] the [electric bill|rent|water bill]? [due {day}|it's due soon|]",
    ],
    "running_late": [
        "sms|[running|Running] [10|15|a few] [min|mins|minutes] late[, sorry| sorry!|, traffic is awful|]",
        "sms|[train's|bus is|the train is] delayed, [be there|I'll be there] [by|around] {time}",
        "sms|[sorry|Sorry] [stuck at work|still in a meeting], [start without me|go ahead and order][| x|]",
        "sms|[leaving|Leaving] now[, 20 mins away|! be there soon| see u in a bit]",
    ],
    "family_checkin": [
        "sms|[hi mum|Hi Mom|hey dad], [landed safely|got home ok|just arrived][, call you later| love you x|]",
        "sms|[how's|How is] [grandma|the new job|your back|the puppy] [doing|today]?[| miss you|]",
        "sms|[dinner's|Dinner is] [ready|at {time}|on the table], [come down|are you coming?|don't be late]",
        "sms|[can you call me|call me] when [you're|ur] free? [nothing urgent|it's about {day}|]",
        "sms|[happy birthday|Happy bday] {first_name}!! [have the best day|hope it's a great one|love you lots][ x| xx|!|]",
    ],
    "friends_banter": [
        "sms|[lol|haha|hahaha] [that's|thats] [hilarious|so true|amazing]",
        "sms|[did you see|have u seen] [the game|that episode|the new trailer] [last night|yet]?? [unreal|so good|I can't]",
        "sms|[omg|OMG] [I just saw|guess who I just saw] [{first_name}|your ex] at {place}",
        "sms|[thanks|Thanks|thx] for [tonight|last night|the lift|lunch], [had a great time|was fun|owe you one][| :)|!]",
        "sms|[i'm|I'm] so [tired|done|full] [lol|haha|]. [going to bed|night night|talk tmrw]",
    ],
    "plans_group": [
        "sms|[who's|Who is] [in|up] for [the pub quiz|bowling|five-a-side|a hike] on {day}? [need|we need] [2 more|numbers by {time}]",
        "sms|[I booked|Booked] a table for {party} at {restaurant}, {time} [on {day}|tomorrow]. [can everyone make it?|let me know if not]",
        "sms|[bring|Can you bring] [snacks|a chair|the speaker|ice] [to|for] the [bbq|party|picnic] [on {day}|tomorrow][?|!]",
        "any|[Reminder:|Heads up:] the {event} [moved|is now] [to {day}|to {time}] at the {venue}. [See you there|Spread the word]",
    ],
    "work_colleague": [
        "any|[Hi|Hey] {first_name}, [can we move|could we push] our [1:1|call|meeting] to {time}? [Something came up|I have a clash]",
        "email|[Hi team|Hello all], [attached are|please find] the notes from [today's|this morning's] meeting on {topic}. [Let me know if I missed anything|Comments by {day} please].",
        "any|[Quick question|Q]: [do you have|where is] the [latest|final] deck for {topic}? [need it for|presenting at] {time}",
        "email|Hi {first_name}, [thanks for|great work on] [the update|the draft|yesterday's demo]. [I left a few comments|Two small edits] in the doc; [otherwise good to go|happy to ship after that].",
        "sms|[I'm|Im] [WFH|working from home] today, [ping me on chat|call if you need me][| thx|]",
    ],
    "school_parent": [
        "any|[Hi all|Hello parents], [reminder that|just a note that] [{day} is a half day|the trip form is due {day}|pickup is at {time} on {day}]. [Thanks!|Thank you, {first_name}]",
        "sms|[can u|can you] [pick up|collect] [the kids|Emma|Sam] [today|at {time}]? [I'm stuck|running late at work]",
        "email|Dear parents, the {event} will take place on {day} at the {venue}. [Volunteers are welcome|Please send a snack to share]. [Best|Kind regards], {first_name}",
        "sms|[does|Does] [anyone|any1] have the [maths|spelling] homework? [{first_name} forgot|we lost the sheet][ lol|]",
    ],
    "appointment_reminder": [
        "sms|{clinic}: [reminder of your|your] appointment [on {date} at {time}|tomorrow at {time}]. [Reply C to confirm|Reply Y to confirm or call {phone} to change].",
        "sms|[Hi {first_name}, |]your [booking|appointment] at {salon} is [on {day}|tomorrow] at {time}. [See you then!|Reply STOP to opt out of reminders]",
        "email|This is a reminder of your appointment with {clinic} on {date} at {time}. [Please arrive 10 minutes early|Bring your insurance card]. To reschedule, call {phone}.",
        "sms|[Your|Ur] [car service|MOT] at [the garage|{store} Auto] is [booked for|on] {date} at {time}. [Reply N to cancel|Call {phone} with questions]",
    ],
    "delivery_real": [
        "sms|{carrier}: your parcel {tracking} [will arrive|is out for delivery] [today between {time} and {time2}|today]. [Track|Manage delivery]: {ham_url}",
        "sms|[Your|Ur] {store} order {order} [has shipped|is on its way]. [Track it|Track]: {ham_url}",
        "email|Good news! Your order {order} from {store} [was delivered|has been delivered] [today|on {date}]. [Not yours?|Problem with it?] Visit {ham_url}.",
        "sms|[We left|Left] your parcel [with your neighbour|in your safe place|at the front door]. [Photo|Details]: {ham_url}",
    ],
    "security_code": [
        "sms|[Your|Ur] {service} [verification|security|login] code is {code}. [Don't share it with anyone|It expires in {minutes} minutes|Never share this code].",
        "sms|{code} is your {bank} [one-time passcode|OTP]. [We will never call you to ask for it|Valid for {minutes} min].",
        "sms|[Use|Enter] {code} to [verify|confirm] your [phone number|sign in] [on|for] {service}.",
        "sms|[A new sign-in|New login] to your {service} account from {device}. [If this was you, ignore this|Not you? Change your password in the app].",
    ],
    "bank_alert_real": [
        "sms|{bank}: [a payment of|card purchase] {price} at {store} [on card ending {card_end}|was approved]. [Not you? Call the number on your card|Questions? Use the app].",
        "sms|{bank}: your [salary|deposit] of {amount} [has arrived|was received] [today|on {date}].",
        "sms|{bank}: your balance is [below|under] {price}. [Log in to the app|Manage alerts in the app] [to see details|].",
        "email|Your {month} statement for the account ending {card_end} is ready. [Sign in to|Open] the {bank} app to view it. We will never ask for your password by email.",
    ],
    "receipt_order": [
        "email|Thanks for [shopping|your order] at {store}! [Order|Receipt] {order}: {item}, {price}. [Questions? Reply to this email|View your order at {ham_url}].",
        "sms|{store}: [thanks for your order|we received your payment] of {price}. [Order|Ref] {order}.",
        "email|Your {service} receipt: {price} for the {month} plan, charged to the card ending {card_end}. [Manage your plan|Cancel anytime] in your account settings.",
        "sms|[Your|Ur] [table|pickup order] at {restaurant} is [ready|confirmed for {time}]. [Order|Ref] {order}",
    ],
    "travel_update": [
        "sms|[Your|Flight] {flight} [to {city}|] [is now boarding at|departs from] gate {gate}[| at {time}].",
        "sms|[Delay|Update]: {flight} [now departs|is delayed to] {time}. [Sorry for the inconvenience|Check the app for updates].",
        "email|Your booking {booking} is confirmed: {nights} nights in {city} from {date}. [Check-in from 3 pm|Show this email at the front desk].",
        "sms|[Your|Ur] train to {city} [leaves|departs] from platform {track} at {time}. [Seat|Coach B seat] {seat}",
    ],
    "newsletter_optin": [
        "email|[Hi {first_name}|Hello], here's [what's new|this month's update] at the {event}: [new dates|photos from last time|volunteer slots]. [Read more|See it] at {ham_url}. [Unsubscribe any time|You signed up at our website].",
        "email|[Your weekly digest|This week at {group}]: [3 new posts|a new event|the meeting minutes] [are up|are ready]. [Manage your email settings in your account|You get this because you joined {group}].",
        "any|[Thanks for signing up|Welcome] to the {store} newsletter! [Expect one email a month|We'll send news about {item}s]. [You can unsubscribe at any time|]",
    ],
    "neighbour_landlord": [
        "sms|[Hi, it's|Hello, this is] {first_name} from [next door|number 12|upstairs]. [Your|A] parcel [was left with us|came to ours], [pop round when you're home|I'll drop it by later]",
        "any|[Hi all|Dear tenants], the [water|heating|lift] will be [off|shut off] on {day} from {time} [for repairs|for maintenance]. [Sorry for the trouble|Thanks for your patience]. {first_name}",
        "sms|[the|The] [bins|recycling] [go out|are collected] [tonight|{day}] [btw|], [can you|could u] [take ours out too?|move your car?]",
        "sms|[Hi|Hey] {first_name}, [the plumber|the electrician] [is coming|will come] on {day} at {time}. [Can you let him in?|Is that ok?]",
    ],
    "raffle_real": [
        "any|[Congrats|Congratulations] {first_name}! [Your ticket|You] won [the|2nd prize in the] {event} raffle: a {item}. [Collect it|Pick it up] at the {venue} on {day}.",
        "email|Thank you for [entering|taking part in] the {event} [draw|raffle]. The winners are [posted on the board|listed in the newsletter]. [Well done to {first_name}!|See you next year].",
        "sms|[Great news|Yay]! [You won|U won] the [office|club] [sweepstake|raffle]. [Come and get|Grab] your [prize|{item}] from {first_name} [tomorrow|on {day}]",
    ],
    "favor_request": [
        "sms|[could you|can u|can you] [lend me|borrow me] your {item} [this weekend|for {day}]? [I'll bring it back|will return it] [on {day}|soon]",
        "sms|[can you|could you] [water my plants|feed the cat|check on the house] while [I'm|im] away [next week|from {day}]?[| thank u!|]",
        "sms|[hey|Hey] [do you|d'you] [still have|have] [my|that] {item}? [need it|I need it back] [for {day}|soon][ lol|]",
        "sms|[any chance|is there any chance] [you could|u could] [give me a lift|drive me] to {place} [at {time}|tomorrow]?",
    ],
}

# Subject lines and greetings of the email register, per label: generic, so the kind is in the body.
SUBJECTS = {
    "spam": ["[Action required|ACTION REQUIRED]", "[Your account|Account] [notice|update]", "[Congratulations!|You've been selected]",
             "[Final notice|Last chance]", "[Important|URGENT]: {first_name}", "[Re: your order|Re: payment]",
             "[Limited time offer|Exclusive deal]", "[Claim your reward|Your reward is waiting]"],
    "ham": ["[Re: {topic}|{topic}]", "[Your order {order}|Order {order}]", "[{event}|{event} update]", "[Quick update|Update]",
            "[Your {month} statement|Statement ready]", "[Booking {booking}|Your booking]", "[Notes from today|Meeting notes]",
            "[Reminder|Your appointment]"],
}
GREETINGS = {"spam": ["Dear [customer|user|member],", "Dear {first_name},", "Hello,", "Attention:"],
             "ham": ["Hi {first_name},", "Hello,", "Hi,", "Dear {first_name},", "Hey {first_name},"]}
SIGNOFFS = {"spam": ["[Customer Service|Security Team|Rewards Department]", "[Thank you|Regards], [The Team|Support]",
                     "[Sincerely|Best regards], {first_name}"],
            "ham": ["[Thanks|Cheers|Best], {first_name}", "{first_name}", "[Kind regards|Best wishes],\n{first_name}",
                    "[The {store} team|{store} Customer Care]"]}
