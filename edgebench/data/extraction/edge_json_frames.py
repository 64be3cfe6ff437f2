"""EdgeJSON data v2 frames: every v1 text family tagged with its medium, plus paper documents of v2.

A frame is one (schema, text family); the test split holds frames out whole. The medium (``paper``,
``email``, ``sms``, ``chat``, ``voice``) says which registers fit it: an OCR'd scan of an SMS makes no
sense, a voice-note transcript of a receipt neither. The v1 families are used unchanged (v1 data stays
byte-identical); the families added here are paper documents for schemas that had none, so that the OCR
register reaches them and they keep three train families after two are held out.
"""
from __future__ import annotations

from edgebench.data.extraction.edge_json_templates import SPECS
from edgebench.data.extraction.edge_json_templates.common import Template

MEDIA = ("paper", "email", "sms", "chat", "voice")

# The medium of each v1 family, in the order of ``SPECS[name].templates``.
V1_MEDIA: dict[str, tuple[str, ...]] = {
    "contact_card": ("email", "sms", "paper", "voice"),
    "parking_ticket": ("paper", "sms", "email", "chat"),
    "wifi_network": ("paper", "sms", "paper", "chat"),
    "otp_code": ("sms", "email", "sms", "voice"),
    "delivery_update": ("sms", "email", "sms", "chat"),
    "restaurant_reservation": ("email", "sms", "voice", "chat"),
    "card_transaction": ("sms", "email", "sms", "voice"),
    "flight_status": ("sms", "email", "paper", "chat"),
    "prescription_refill": ("sms", "voice", "email", "paper"),
    "invoice": ("email", "paper", "chat", "paper"),
    "doctor_appointment": ("sms", "email", "voice", "paper"),
    "support_ticket": ("email", "paper", "chat", "chat"),
    "utility_bill": ("paper", "email", "sms", "chat"),
    "bank_transfer": ("email", "sms", "paper", "chat"),
    "job_post": ("paper", "email", "chat", "paper"),
    "event_invite": ("email", "paper", "sms", "paper"),
    "car_rental": ("email", "sms", "paper", "chat"),
    "shipping_notice": ("email", "paper", "sms", "paper"),
    "receipt": ("paper", "email", "chat", "paper"),
    "order_confirmation": ("email", "paper", "sms", "chat"),
    "flight_booking": ("email", "sms", "chat", "paper"),
    "hotel_booking": ("email", "paper", "chat", "voice"),
    "prescription": ("paper", "sms", "voice", "paper"),
    "meeting_notes": ("paper", "chat", "email", "chat"),
    "expense_report": ("paper", "email", "paper", "chat"),
    "car_service": ("paper", "sms", "email", "voice"),
}


def _hotel_card(c, r):
    g = c["g"]
    lines = [f"{g['hotel']['name']} - {g['hotel']['city']}", "GUEST REGISTRATION CARD",
             f"Conf. no.: {g['confirmation']}", f"Guest: {g['guest']['name']}", f"E-mail: {g['guest']['email']}",
             f"Phone: {g['guest']['phone']}" if "phone" in g["guest"] else "", f"Arrival: {c['cin']:us}",
             f"Departure: {c['cout']:us}"]
    lines += [f"Room {i}: {x['type']} / {x['guests']} pax / {x['nightly_rate']['amount']:.2f} "
              f"{x['nightly_rate']['currency']} per night" for i, x in enumerate(g["rooms"], 1)]
    if "special_requests" in g:
        lines.append("Requests: " + ", ".join(g["special_requests"]))
    lines += [f"Reception {c['hotel_ph']}", "Guest signature: ________"]
    return "\n".join(x for x in lines if x)


# New paper families: each reads the same context its schema's ``values`` draws for the v1 families.
V2_FAMILIES: dict[str, tuple[Template, ...]] = {
    "delivery_update": (
        "DELIVERY NOTICE\n{g[carrier]}\nOrder no.: {g[order_number]}\nTracking: {g[tracking_number]}\n"
        "Parcel status: {g[status]}\nDate: {when:short}\nContents: {item}\nQuestions? Call {support}",),
    "restaurant_reservation": (
        "{g[restaurant]}\nRESERVATION SLIP\nName: {g[guest_name]}\nGuests: {g[party_size]}\nDate: {when:us}\n"
        "Time: {at:12}\nConf.: {conf}\nTable held {hold} min. Tel {ph}",),
    "card_transaction": (
        "{g[bank]}\nCARD STATEMENT - card ending {g[card_last4]}\nDATE        DESCRIPTION              AMOUNT\n"
        "{when:us}  {g[merchant]:<24} {g[amount]:>8.2f}\nAvailable balance: {bal:.2f}\nDaily limit: {limit:.2f}\n"
        "Lost card? Call {ph}",),
    "doctor_appointment": (
        "{clinic}\nAPPOINTMENT CARD\nPatient: {g[patient][name]}\nPhone: {g[patient][phone]}\n"
        "Doctor: {g[provider][name]} ({g[provider][specialty]})\nDate: {when:wd}\nTime: {at:12}\n"
        "Visit type: {g[visit_type]}\nPlease arrive {early} minutes early. To reschedule call {clinic_ph}.",),
    "prescription_refill": (
        "{g[pharmacy]}\n{addr}\nRX# {g[rx_number]}   READY {ready:us}\nFor: {patient}\n{g[medication]}\n"
        "Refills left: {g[refills_left]}\nCopay: ${copay:.2f}\nPick up by {pickup:us}",),
    "flight_status": (
        "FLIGHT INFORMATION\n{g[airline]} {g[flight_number]}\nDestination: {dest}\nDeparts: {at:12}\n"
        "Gate: {g[gate]}\nRemarks: {g[status]}\nTerminal {term}",),
    "bank_transfer": (
        "{sbank}\nTRANSFER RECEIPT\nDate: {when:us}\nFrom: {g[sender][name]}, acct ****{g[sender][account_last4]}\n"
        "To: {g[recipient][name]} at {g[recipient][bank]}\nAmount: {g[amount][currency]} {g[amount][amount]:.2f}\n"
        "Fee: {fee:.2f}\nReference: {g[reference]}\nTrace no. {txid}\nKeep this receipt for your records",),
    "hotel_booking": (_hotel_card,),
}
V2_MEDIA = {name: ("paper",) * len(families) for name, families in V2_FAMILIES.items()}


def frames(name: str) -> list[tuple[Template, str]]:
    """(template, medium) of every frame of schema ``name``: the v1 families first, in their order."""
    families = list(SPECS[name].templates) + list(V2_FAMILIES.get(name, ()))
    media = V1_MEDIA[name] + V2_MEDIA.get(name, ())
    return list(zip(families, media, strict=True))
