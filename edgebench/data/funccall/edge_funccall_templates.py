"""Request templates and value sources for the EdgeFuncCall generator (data, no logic).

``TEMPLATES[function]`` lists template families: a string, or ``(string, fixed_arguments)`` when
the wording itself fixes a value ("Lock the {door} door" fixes ``locked: true``). A placeholder
names a parameter; a parameter neither placed nor fixed is omitted from the request, so its gold
accepts "" (may be omitted). A fixed enum or string value must also be readable in the wording.
Boolean placeholders read "on" / "off".
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, Callable

from faker import Faker

Sampler = Callable[[random.Random, Faker, dict[str, Any]], Any]

# -- value pools -------------------------------------------------------------------------------
ROOMS = ("kitchen", "living room", "bedroom", "bathroom", "office", "hallway", "dining room", "kids room",
         "basement", "guest room", "nursery", "study")
EVENTS = ("Dentist appointment", "Team standup", "Yoga class", "Budget review", "Parent-teacher meeting",
          "Book club", "Car service", "Piano lesson", "Quarterly planning", "Haircut")
CHORES = ("call the plumber", "pay the rent", "water the plants", "renew my passport", "pick up the dry cleaning",
          "take out the recycling", "book a flu shot", "return the library books", "charge the car")
MESSAGES = ("I'm running late", "see you at the station", "dinner is ready", "call me when you land",
            "happy birthday", "the meeting moved to Friday", "can you pick up some milk",
            "I left the keys under the mat", "on my way home", "the tickets are on the table")
SUBJECTS = ("Project update", "Weekend plans", "Invoice question", "Meeting notes", "Vacation request",
            "Quarterly report", "Lunch on Thursday", "Contract renewal")
BODIES = ("see the attached file", "let me know if Friday works", "thanks for your help",
          "I will be out next week", "can we move our call to Monday")
ALARM_LABELS = ("gym", "work", "medication", "school run", "flight", "meditation")
TIMER_LABELS = ("pasta", "laundry", "tea", "pizza", "eggs", "bread", "rice")
STOPWATCH_NAMES = ("run", "plank", "practice", "workout", "speech", "commute")
ARTISTS = ("Taylor Swift", "Daft Punk", "Adele", "Miles Davis", "Coldplay", "Beyonce", "The Beatles", "Bad Bunny",
           "Norah Jones", "Radiohead", "Kendrick Lamar", "Billie Eilish", "Fleetwood Mac", "Stevie Wonder")
SPEAKERS = ("kitchen speaker", "bedroom speaker", "soundbar", "living room speaker", "office speaker")
PODCASTS = ("Up First", "Radiolab", "Hardcore History", "Planet Money", "Hidden Brain", "Freakonomics Radio",
            "Science Vs", "Reply All")
GROCERIES = ("milk", "eggs", "bread", "coffee", "bananas", "rice", "olive oil", "butter", "apples", "cheese",
             "tomatoes", "yogurt", "pasta", "onions", "spinach")
PRODUCTS = ("wireless earbuds", "running shoes", "phone charger", "yoga mat", "coffee grinder", "desk lamp",
            "backpack", "water bottle", "mechanical keyboard", "rain jacket")
CITIES = ("Paris", "Tokyo", "Chicago", "Berlin", "Lagos", "Mumbai", "Toronto", "Sydney", "Madrid", "Seoul",
          "Denver", "Lisbon", "Nairobi", "Oslo", "Lima", "Cairo", "Dublin", "Austin")
MEDICATIONS = ("ibuprofen", "paracetamol", "vitamin D", "aspirin", "amoxicillin", "metformin", "cetirizine")
NOTE_TITLES = ("Packing list", "Gift ideas", "Book recommendations", "Garden plan", "Recipe ideas",
               "Car maintenance", "Trip budget")
NOTE_CONTENTS = ("bring chargers and passport", "a scarf for mom", "read Dune next", "plant tomatoes in May",
                 "try the lentil soup", "oil change at 10000 km", "hotel costs about 400 euros")
NOTE_QUERIES = ("recipe", "password", "gift", "packing", "garden", "budget", "meeting")
TODOS = ("clean the garage", "fix the bike", "book a haircut", "file the taxes", "call the bank",
         "sort the photos", "repaint the fence")
PHRASES = ("where is the train station", "thank you very much", "how much does this cost", "good morning",
           "I am allergic to nuts", "the bill please", "see you tomorrow")

FIRST_DAY = date(2026, 1, 1)  # fixed, not today: the data must not change with the calendar


def _date(rng: random.Random, fake: Faker, values: dict) -> str:
    return (FIRST_DAY + timedelta(days=rng.randrange(365))).isoformat()


def _time(rng: random.Random, fake: Faker, values: dict) -> str:
    return f"{rng.randint(6, 22):02d}:{rng.choice((0, 0, 15, 30, 45)):02d}"


def pick(pool) -> Sampler:
    return lambda rng, fake, values: rng.choice(pool)


def ints(*choices: int) -> Sampler:
    return lambda rng, fake, values: rng.choice(choices)


def _amount(rng: random.Random, fake: Faker, values: dict) -> float | int:
    whole = rng.randint(5, 400)
    # cents from a list whose str() always shows two digits (12.25, never 12.5)
    return whole if rng.random() < 0.5 else round(whole + rng.choice((15, 25, 49, 75, 95, 99)) / 100, 2)


def _destination(rng: random.Random, fake: Faker, values: dict) -> str:
    return fake.city() if rng.random() < 0.5 else fake.street_address()


def _event_title(rng: random.Random, fake: Faker, values: dict) -> str:
    if rng.random() < 0.6:
        return rng.choice(EVENTS)
    return f"{rng.choice(('Lunch', 'Coffee', 'Call'))} with {fake.first_name()}"


def _other_account(rng: random.Random, fake: Faker, values: dict) -> str:
    return "checking" if values.get("from_account") == "savings" else "savings"


# Samplers by "function.param", then by "param"; anything else comes from its schema
# (enum choice, date, time, boolean, integer range).
SAMPLERS: dict[str, Sampler] = {
    "room": pick(ROOMS),
    "set_light_state.brightness": ints(10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90),
    "set_thermostat.temperature": lambda rng, fake, values: rng.randint(16, 26),
    "set_blinds_position.position": ints(10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90),
    "create_calendar_event.title": _event_title,
    "cancel_calendar_event.title": _event_title,
    "create_calendar_event.duration_minutes": ints(15, 30, 45, 90, 120),
    "location": lambda rng, fake, values: fake.street_address(),
    "create_reminder.task": lambda rng, fake, values: (
        rng.choice(CHORES) if rng.random() < 0.7 else f"{rng.choice(('call', 'text', 'visit'))} {fake.first_name()}"),
    "recipient": lambda rng, fake, values: fake.first_name(),
    "contact": lambda rng, fake, values: fake.first_name(),
    "message": pick(MESSAGES),
    "to": lambda rng, fake, values: fake.email(),
    "subject": pick(SUBJECTS),
    "body": pick(BODIES),
    "read_messages.count": lambda rng, fake, values: rng.randint(2, 10),
    "destination": _destination,
    "radius_km": lambda rng, fake, values: rng.choice((1, 2, 3, 5, 10, 1.5, 2.5)),
    "share_location.duration_minutes": ints(15, 30, 45, 90, 120),
    "set_alarm.label": pick(ALARM_LABELS),
    "start_timer.label": pick(TIMER_LABELS),
    "start_timer.minutes": lambda rng, fake, values: rng.randint(2, 90),
    "start_stopwatch.name": pick(STOPWATCH_NAMES),
    "lap_seconds": ints(30, 45, 60, 90, 120),
    "artist": pick(ARTISTS),
    "set_volume.level": ints(10, 20, 25, 30, 40, 50, 60, 70, 80),
    "speaker": pick(SPEAKERS),
    "show": pick(PODCASTS),
    "episode": lambda rng, fake, values: rng.randint(2, 250),
    "skip_tracks.count": lambda rng, fake, values: rng.randint(2, 6),
    "to_account": _other_account,
    "amount": _amount,
    "payee": lambda rng, fake, values: fake.company(),
    "list_transactions.count": ints(3, 5, 10, 15, 20),
    "last_four": lambda rng, fake, values: fake.numerify("####"),
    "items": lambda rng, fake, values: rng.sample(GROCERIES, rng.choice((1, 2, 2, 3))),
    "search_products.query": pick(PRODUCTS),
    "max_price": ints(20, 30, 50, 80, 100, 150, 200),
    "order_id": lambda rng, fake, values: fake.bothify("??-#####", letters="ABCDEFGHJKLMNPQRSTUVWXYZ"),
    "city": pick(CITIES),
    "milliliters": ints(200, 250, 300, 330, 400, 500, 750, 1000),
    "log_workout.duration_minutes": lambda rng, fake, values: rng.randint(10, 120),
    "calories": lambda rng, fake, values: rng.randint(8, 80) * 10,
    "medication": pick(MEDICATIONS),
    "dose_mg": ints(100, 200, 250, 400, 500, 1000),
    "hours": lambda rng, fake, values: rng.choice((5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9)),
    "set_screen_brightness.level": ints(10, 20, 30, 40, 50, 60, 70, 80, 90, 100),
    "create_note.title": pick(NOTE_TITLES),
    "content": pick(NOTE_CONTENTS),
    "search_notes.query": pick(NOTE_QUERIES),
    "item": pick(TODOS),
    "translate_text.text": pick(PHRASES),
    "date": _date,
    "time": _time,
}
DATE_SAMPLER, TIME_SAMPLER = _date, _time

ON, OFF = {"enabled": True}, {"enabled": False}

TEMPLATES: dict[str, list] = {
    "set_light_state": ["Turn {state} the {room} lights", "Switch the lights in the {room} {state}",
                        ("Turn on the {room} lights at {brightness} percent", {"state": "on"}),
                        "Can you turn the {room} lights {state}?",
                        ("Lights on in the {room}, brightness {brightness}%", {"state": "on"})],
    "set_thermostat": ["Set the thermostat to {temperature} degrees", "Make it {temperature} degrees in the house",
                       "Switch the thermostat to {mode} mode at {temperature} degrees",
                       "I'm uncomfortable, change the temperature to {temperature} degrees",
                       "Thermostat: {temperature} degrees, {mode}"],
    "set_door_lock": [("Lock the {door} door", {"locked": True}), ("Unlock the {door} door", {"locked": False}),
                      ("Secure the {door} door for the night", {"locked": True}),
                      ("Please release the lock on the {door} door", {"locked": False}),
                      ("Is the {door} door locked? If not, lock it", {"locked": True})],
    "start_vacuum": ["Vacuum the {room}", "Start the robot vacuum in the {room}",
                     "Run the vacuum cleaner on {power} in the {room}",
                     "The {room} floor is dirty, send the robot vacuum there",
                     "Clean the {room} with the vacuum in {power} mode"],
    "set_blinds_position": ["Set the {room} blinds to {position} percent", "Open the blinds in the {room} to {position}%",
                            "Move the {room} blinds to {position} percent open",
                            "Blinds in the {room} at {position} percent please"],
    "create_calendar_event": ["Add {title} to my calendar on {date} at {start_time}",
                              "Schedule {title} for {date} at {start_time} for {duration_minutes} minutes",
                              "Put an event called {title} on {date}, starting {start_time}, at {location}",
                              "Create a calendar event: {title}, {date}, {start_time}",
                              "Book {title} in my calendar at {start_time} on {date}"],
    "list_calendar_events": ["What's on my calendar on {date}?", "Show my events for {date}",
                             "Do I have anything scheduled on {date}?", "List my appointments for {date}"],
    "cancel_calendar_event": ["Cancel {title} on {date}", "Remove the {title} event from {date}",
                              "Delete {title} from my calendar for {date}",
                              "I can't make {title} on {date}, take it off my calendar"],
    "create_reminder": ["Remind me to {task} on {date}", "Set a reminder to {task} on {date} at {time}",
                        "On {date}, remind me to {task}", "Don't let me forget to {task} on {date} at {time}",
                        "Reminder for {date}: {task}"],
    "send_text_message": ["Text {recipient} that {message}", "Send a message to {recipient} saying {message}",
                          "Tell {recipient} via SMS: {message}", "SMS {recipient}: {message}",
                          "Can you message {recipient} '{message}'"],
    "send_email": ["Email {to} with the subject {subject}", "Send an email to {to} about {subject}",
                   "Write to {to}, subject {subject}, and say {body}", "Send {to} an email titled {subject}",
                   "Compose an email to {to} with subject line {subject} and body {body}"],
    "call_contact": ["Call {contact}", ("Start a video call with {contact}", {"video": True}),
                     "Phone {contact} for me", ("Video chat with {contact}", {"video": True}),
                     "Give {contact} a ring"],
    "read_messages": ["Read my messages from {contact}", "What did {contact} text me?",
                      "Read me the last {count} messages from {contact}", "Any new messages from {contact}?",
                      "Show the latest {count} texts {contact} sent me"],
    "get_directions": ["Directions to {destination}", "Give me {travel_mode} directions to {destination}",
                       ("Navigate to {destination} and avoid toll roads", {"avoid_tolls": True}),
                       "Take me to {destination}", "What's the {travel_mode} route to {destination}?"],
    "find_nearby_places": ["Find a {category} near me", "Where's the nearest {category}?",
                           "Show {category} options within {radius_km} km",
                           "Is there a {category} within {radius_km} kilometers?", "I need a {category} close by"],
    "share_location": ["Share my location with {contact}", "Let {contact} see where I am for {duration_minutes} minutes",
                       "Send my live location to {contact}",
                       "Share my location with {contact} for the next {duration_minutes} minutes"],
    "set_alarm": ["Set an alarm for {time}", "Wake me up at {time}", "Alarm at {time} labelled {label}",
                  ("Set a daily alarm for {time}", {"repeat": "daily"}),
                  ("I need an alarm at {time} on weekdays called {label}", {"repeat": "weekdays"})],
    "cancel_alarm": ["Cancel my {time} alarm", "Turn off the alarm for {time}", "Delete the alarm set at {time}",
                     "I don't need the {time} alarm anymore"],
    "start_timer": ["Set a timer for {minutes} minutes", "Start a {minutes} minute timer for the {label}",
                    "Timer, {minutes} minutes", "Count down {minutes} minutes for the {label}",
                    "Let me know when {minutes} minutes are up"],
    "start_stopwatch": ["Start a stopwatch called {name}", "Start timing my {name} with a stopwatch",
                        "Begin a stopwatch named {name} with laps every {lap_seconds} seconds",
                        "Stopwatch for {name}, announce a lap every {lap_seconds} seconds"],
    "play_music": ["Play some {artist}", "Put on music by {artist}",
                   ("Shuffle songs by {artist}", {"shuffle": True}), "I want to listen to {artist}",
                   ("Play {artist} on shuffle", {"shuffle": True})],
    "set_volume": ["Set the volume to {level}", "Turn the {speaker} volume to {level} percent", "Volume {level}%",
                   "Change the volume on the {speaker} to {level}"],
    "play_podcast": ["Play the {show} podcast", "Put on episode {episode} of the {show} podcast",
                     "Start the latest episode of the podcast {show}",
                     "I want to hear the {show} podcast, episode {episode}"],
    "skip_tracks": ["Skip {count} songs", "Skip ahead {count} tracks", "Jump forward {count} songs in the playlist",
                    "Skip the next {count} tracks"],
    "get_account_balance": ["What's my {account} balance?", "How much money is in my {account} account?",
                            "Check the balance on my {account} account", "Tell me my {account} account balance"],
    "transfer_money": ["Transfer ${amount} from {from_account} to {to_account}",
                       "Move {amount} dollars from my {from_account} account to {to_account}",
                       "Send ${amount} from {from_account} into {to_account}",
                       "Put {amount} dollars into {to_account} from {from_account}"],
    "pay_bill": ["Pay ${amount} to {payee}", "Pay the {payee} bill of ${amount} on {date}",
                 "Schedule a ${amount} payment to {payee} for {date}", "Send {payee} {amount} dollars for the bill"],
    "list_transactions": ["Show my recent {account} transactions",
                          "List the last {count} transactions on my {account} account",
                          "What are the latest transactions in {account}?",
                          "Give me my last {count} {account} account transactions"],
    "freeze_card": ["Freeze my card ending in {last_four}", "I lost my card ending {last_four}, block it",
                    "Put a temporary freeze on card {last_four}",
                    "Stop all payments on the card with last four digits {last_four}"],
    "add_to_shopping_list": ["Add {items} to my shopping list", "Put {items} on the grocery list",
                             "We're out of {items}, put that on the shopping list", "Shopping list: {items}"],
    "search_products": ["Search the store for {query}", "Find {query} under ${max_price}",
                        "Show me {query} sorted by {sort_by}",
                        "Look for {query} under {max_price} dollars, sorted by {sort_by}", "Shop for {query}"],
    "track_order": ["Where is my order {order_id}?", "Track order {order_id}", "When will order {order_id} arrive?",
                    "What's the delivery status of {order_id}?"],
    "return_order": ["Return order {order_id}, reason: {reason}", "Start a return for order {order_id} ({reason})",
                     "Return {order_id}: {reason}", "Please process a return for order {order_id}, the reason is {reason}"],
    "get_weather_forecast": ["What's the weather in {city}?", "Weather forecast for {city} on {date}",
                             "Will it rain in {city} on {date}?", "How hot will it be in {city}? Give it in {unit}",
                             "Forecast for {city} in {unit}"],
    "get_air_quality": ["How's the air quality in {city}?", "What's the AQI in {city} right now?",
                        "Is the air in {city} safe to breathe today?", "Check air pollution levels in {city}"],
    "get_sun_times": ["When is sunset in {city} on {date}?", "What time does the sun rise in {city} on {date}?",
                      "Sunrise and sunset times for {city}, {date}", "On {date}, when does it get dark in {city}?"],
    "log_water_intake": ["I drank {milliliters} ml of water", "Log {milliliters} milliliters of water",
                         "Add {milliliters} ml to my water intake", "Just had a {milliliters} ml glass of water, track it"],
    "log_workout": ["Log a {duration_minutes} minute {activity} workout", "I did {duration_minutes} minutes of {activity}",
                    "Record {activity} for {duration_minutes} minutes, {calories} calories burned",
                    "Just finished {activity}: {duration_minutes} min, {calories} kcal"],
    "get_step_count": ["How many steps did I walk on {date}?", "Step count for {date}", "Show my steps from {date}",
                       "What was my step total on {date}?"],
    "log_medication": ["I just took my {medication}", "Log {dose_mg} mg of {medication}",
                       "Record that I took {medication}, {dose_mg} milligrams", "Took {medication} just now, log it"],
    "log_sleep": ["I slept {hours} hours last night", "Log {hours} hours of sleep",
                  "Record last night's sleep: {hours} hours, {quality} quality", "Slept {hours} hours and it was {quality}"],
    "set_screen_brightness": ["Set screen brightness to {level}%", "Make the display {level} percent bright",
                              "Change my phone brightness to {level}", "Screen brightness {level} percent"],
    "set_wifi": ["Turn {enabled} Wi-Fi", "Switch the wifi {enabled}", ("Disconnect from Wi-Fi", OFF),
                 ("Enable the wireless internet", ON), "Wi-Fi {enabled}, please"],
    "set_bluetooth": ["Turn {enabled} Bluetooth", "Switch Bluetooth {enabled}",
                      ("Enable Bluetooth so I can pair my headphones", ON), ("Disable Bluetooth to save battery", OFF)],
    "set_do_not_disturb": ["Turn {enabled} do not disturb", ("Silence my notifications until {until}", ON),
                           ("Don't disturb me until {until}", ON), "Switch do-not-disturb {enabled}",
                           ("I'm available again, disable do not disturb", OFF)],
    "create_note": ["Make a note called {title}: {content}", "Save a note titled {title} that says {content}",
                    "New note, title {title}, content: {content}", "Write down {content} in a note named {title}"],
    "search_notes": ["Search my notes for {query}", "Find the note about {query}",
                     "Do I have any notes mentioning {query}?", "Look up {query} in my notes"],
    "add_todo": ["Add {item} to my to-do list", "Put {item} on my todo list with {priority} priority",
                 "New to-do: {item}", "I need to {item}, add it to my tasks as {priority} priority"],
    "translate_text": ["Translate '{text}' into {target_language}", "How do you say {text} in {target_language}?",
                       "What is '{text}' in {target_language}?", "Translate to {target_language}: {text}"],
}

# Light noise around a whole request, and how parallel requests join their clauses.
OPENERS = ("", "", "", "", "Hey! ", "Hi. ", "Quick one: ", "OK. ")
CLOSERS = ("", "", "", "", " thanks", " please", " - thank you")
JOINERS = (", and ", " and ", ", then ", ". Also, ", "; also ")

# Functions in one group could plausibly serve each other's requests: an irrelevance row never
# offers a function from its request's own group.
DOMAIN_GROUPS = (("calendar", "notes", "timers"), ("messaging", "navigation"), ("banking", "shopping"),
                 ("smart_home",), ("media",), ("device",), ("weather",), ("health",), ("language",))
