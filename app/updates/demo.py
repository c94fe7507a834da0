"""Thirteen updates from the police in Sundsvall and Umeå, Sundsvalls kommun, Tullverket in
Tullregion Norr and the portal's administrator: warnings (one a customs bulletin), knowledge,
feedback, meetings, general news; two pinned, two scheduled, two expired, some narrowed to
terminals, to parcel agents or to Timrå kommun. Times are relative to when the demo data is
loaded. Each demo account sees at most six, so that the walkers reach all of them."""

from datetime import timedelta
from functools import cache

from babel.dates import format_date

from app import uploads
from app.accounts.models import User
from app.areas.models import Municipality
from app.db import utcnow
from app.pdf import new_document, paragraph
from app.updates.audience import desk_of
from app.updates.models import Update, UpdateImage, UpdateMunicipality, UpdatePreference, UpdateRead
from app.updates.notifications import store_reach

PARCEL_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200" width="320" height="200">
<rect width="320" height="200" fill="#f2f4f7"/>
<rect x="60" y="50" width="200" height="120" fill="#c8a165" stroke="#5a4326" stroke-width="3"/>
<rect x="60" y="95" width="200" height="30" fill="#e6e1d3"/>
<rect x="145" y="50" width="30" height="120" fill="#e6e1d3"/>
<rect x="80" y="60" width="60" height="30" fill="#ffffff" stroke="#5a4326"/>
<path d="M86 70 q8 -6 16 0 t16 0 M86 80 q7 -5 14 0 t14 0" stroke="#1b1b1f" fill="none" stroke-width="2"/>
</svg>
"""

SIGNS_SHEET = (
    "Kännetecken på misstänkta paket",
    [
        "Handskriven eller otydlig etikett, ibland med stavfel i namn och adress.",
        "Mycket tejp, eller tejp runt hela paketet.",
        "Vakuumförpackat innehåll, eller stark lukt av kaffe, parfym eller tvättmedel.",
        "Utländsk avsändare men svensk returadress.",
        "Samma person hämtar flera paket i olika namn.",
        "Gör så här: var lugn och gör som vanligt. Öppna inte paketet och konfrontera ingen. "
        "Följ fraktbolagets rutin. Anteckna kolli- eller spårningsnumret. Ring när kunden har "
        "gått: polisen 114 14 (säg ”tips”), Tullverket 90 114. Säg aldrig till kunden att du "
        "har kontaktat polisen eller Tullverket.",
        "Pågår ett brott, eller är du i fara eller hotad? Ring 112.",
        "Sätt upp bladet där personalen ser det, men inte kunderna.",
    ],
)


@cache
def _signs_pdf() -> bytes:
    title, lines = SIGNS_SHEET
    pdf = new_document()
    pdf.add_page()
    paragraph(pdf, title, "sv", size=18, bold=True)
    for line in lines:
        paragraph(pdf, line, "sv")
    return bytes(pdf.output())


def _meeting_day(days: int) -> str:
    return format_date(utcnow() + timedelta(days=days), "EEEE 'den' d MMMM", locale="sv")


def _updates() -> list[dict]:
    """Each update: its author (whose desk it is from), its text, and its times in days from
    now (negative: in the past)."""
    return [
        {
            "author": "polis@example.com",
            "category": "warning",
            "pinned": True,
            "title": "Var uppmärksam på paket med handskrivna etiketter och kraftig tejp",
            "body": (
                "Vi ser just nu fler paket i Sundsvall och Timrå som kan innehålla narkotika. "
                "De har ofta något av det här:\n\n"
                "- handskriven eller otydlig etikett, ibland med stavfel i namn och adress\n"
                "- mycket tejp, eller tejp runt hela paketet\n"
                "- vakuumförpackat innehåll eller stark lukt av kaffe, parfym eller tvättmedel\n"
                "- avsändare i Nederländerna, Spanien eller Tyskland, men svensk returadress\n"
                "- samma person hämtar flera paket i olika namn\n\n"
                "Gör som vanligt vid disken: var lugn, öppna inte paketet och säg inget om dina "
                "misstankar. Anteckna kolli- eller spårningsnumret och ring när kunden har "
                "gått.\n\n"
                "Ring polisen på 114 14 och säg ”tips”. Kommer försändelsen från utlandet kan "
                "du också ringa Tullverket på 90 114. Pågår ett brott, eller är du i fara eller "
                "hotad? Ring 112.\n\n"
                "Bilagan är ett blad att skriva ut och sätta upp där personalen ser det, men "
                "inte kunderna."
            ),
            "published": -3,
            "image": "Ett paket med handskriven etikett och tejp runt hela kartongen",
            "attachment": True,
        },
        {
            "author": "polis@example.com",
            "category": "knowledge",
            "title": "Det här får du berätta för polisen och Tullverket",
            "body": (
                "Sedan den 2 januari 2023 får den som arbetar med brev – hos ett postföretag "
                "eller som dess ombud – bryta tystnadsplikten på eget initiativ. Du får berätta "
                "för polisen eller Tullverket om du misstänker ett brott som kan ge fängelse.\n\n"
                "**Det är frivilligt.** Du måste inte anmäla något.\n\n"
                "Tystnadsplikten mot kunderna gäller fortfarande: berätta aldrig för en kund att "
                "en myndighet har undersökt, öppnat eller hållit kvar en försändelse.\n\n"
                "Hanterar du bara paket kan du alltid ringa om ett brott som pågår eller om du "
                "blir hotad. Har du frågor om vad du får säga? Ring polisen på 114 14 eller "
                "Tullverket på 90 114 – de svarar på frågor också."
            ),
            "published": -20,
        },
        {
            "author": "polis@example.com",
            "category": "meeting",
            "title": "Samverkansmöte för paketombud och terminaler i Sundsvall",
            "body": (
                "Välkommen till ett samverkansmöte för er som är paketombud, terminaler och "
                "brevbärarkontor i Sundsvall och Timrå. Vi berättar vad vi ser just nu, hur ni "
                "når oss och vad ni kan förvänta er av polisen – och vi vill höra vad ni "
                "behöver.\n\n"
                f"**När:** {_meeting_day(14)}, kl. 15.00–16.30  \n"
                "**Var:** Polishuset i Sundsvall, konferensrummet Alnö\n\n"
                "Anmäl dig till Karin Ek, kommunpolis, på 070-174 06 41."
            ),
            "published": -6,
            "expires": 15,
        },
        {
            "author": "polis.umea@example.com",
            "category": "feedback",
            "title": "Tack för era tips under vintern",
            "body": (
                "Under vintern har tips från paketombud och terminaler i området hjälpt polisen "
                "att stoppa flera försändelser med narkotika. Vi kan inte berätta om enskilda "
                "ärenden, men era samtal gör skillnad.\n\n"
                "Fortsätt att höra av er, även när ni är osäkra. Det är bättre att ringa en "
                "gång för mycket."
            ),
            "published": -40,
        },
        {
            "author": "polis@example.com",
            "category": "meeting",
            "title": "Uppföljningsmöte i Timrå",
            "body": (
                "Det har gått ett år sedan samverkansmötet i Timrå. Nu vill vi följa upp: vad "
                "har hänt, vad fungerar och vad behöver ni mer från oss?\n\n"
                f"**När:** {_meeting_day(24)}, kl. 16.00–17.00  \n"
                "**Var:** Timrå kommunhus\n\n"
                "Anmäl dig till Karin Ek, kommunpolis, på 070-174 06 41."
            ),
            "published": 3,
            "municipalities": ("2262",),
        },
        {
            "author": "polis@example.com",
            "category": "warning",
            "title": "Var uppmärksam på falska sms om paketavgifter",
            "body": (
                "Flera kunder har fått sms som ser ut att komma från ett fraktbolag och ber "
                "dem betala en avgift för att få ut ett paket. Länken leder till en falsk "
                "betalsida.\n\n"
                "Be kunder som frågar att inte klicka på länken, och att i stället titta i "
                "fraktbolagets egen app eller på dess webbplats."
            ),
            "published": -60,
            "expires": -30,
            "read_businesses": 2,
        },
        {
            "author": "polis.umea@example.com",
            "category": "meeting",
            "title": "Uppföljningsmöte för verksamheterna på Ålidhem",
            "body": (
                "Polisen i Umeå träffade verksamheterna på Ålidhem för att följa upp året som "
                "gått: vad ni har sett, vilka kontaktvägar som fungerar och vad som kan bli "
                "bättre.\n\n"
                "Tack till er som kom. En sammanfattning kommer i en ny nyhet."
            ),
            "published": -45,
            "expires": -20,
            "read_businesses": 1,
        },
        {
            "author": "polis@example.com",
            "category": "knowledge",
            "title": "För terminaler: sändningar som ändrar mönster",
            "body": (
                "Hör av er om ni ser avvikande mönster: många likadana försändelser från samma "
                "avsändare som plötsligt kommer nattetid, eller paket som packas om innan de "
                "lämnas in.\n\n"
                "Ring 114 14 och säg ”tips”, eller Tullverket på 90 114 när det gäller "
                "försändelser från utlandet."
            ),
            "published": -10,
            "site_types": ("terminal",),
        },
        {
            "author": "kommun@example.com",
            "category": "general",
            "title": "Kommunen bjuder in till utbildning: trygghet i butiken",
            "body": (
                "Sundsvalls kommun bjuder in personal i butiker, kiosker och hos paketombud "
                "till en kostnadsfri utbildning om hot, rån och trygghet i butiken. "
                "Utbildningen tar två timmar och hålls på kvällstid i Stadshuset.\n\n"
                "Anmäl dig till Maja Lund, brottsförebyggande samordnare, på 070-174 06 42."
            ),
            "published": -12,
            "expires": 30,
            "site_types": ("paketombud",),
        },
        {
            "author": "tull@example.com",
            "category": "warning",
            "title": "Tullverket: vakuumförpackat innehåll från Nederländerna och Spanien",
            "body": (
                "Tullverket i region Norr ser fler försändelser från Nederländerna och Spanien "
                "där innehållet är vakuumförpackat och gömt i kaffe, godis eller "
                "kosttillskott. Paketen skickas ofta till privatpersoner från företag som inte "
                "går att hitta.\n\n"
                "Var särskilt uppmärksam på:\n\n"
                "- vakuumförpackningar i vanliga kartonger\n"
                "- stark doft av kaffe eller parfym\n"
                "- innehåll som inte stämmer med vikten\n\n"
                "Tipsa Tullverket på 90 114, dygnet runt, eller på "
                "[tullverket.se/tipsa-om-smuggling](https://tullverket.se/tipsa-om-smuggling)."
            ),
            "published": -5,
        },
        {
            "author": "tull@example.com",
            "category": "knowledge",
            "title": "Så tipsar du Tullverket",
            "body": (
                "Tullverkets tipstelefon 90 114 är öppen dygnet runt, och du kan vara anonym. "
                "Berätta vad du såg, när, och vilket kolli- eller spårningsnummer paketet har. "
                "Du behöver inte vara säker på att något är fel.\n\n"
                "Du kan också tipsa på "
                "[tullverket.se/tipsa-om-smuggling](https://tullverket.se/tipsa-om-smuggling)."
            ),
            "published": 7,
        },
        {
            "author": "admin@example.com",
            "category": "general",
            "title": "Nytt i portalen: välj själv när du vill få mejl",
            "body": (
                "Nu kan du välja om du vill få ett mejl när polisen, kommunen eller Tullverket "
                "publicerar något nytt till dig: för alla nyheter, bara för varningar eller "
                "inte alls – direkt, eller som ett mejl om dagen.\n\n"
                "Mejlet säger bara att något nytt väntar, aldrig vad. Du loggar in för att "
                "läsa. Välj under **Nyheter**."
            ),
            "published": -15,
        },
        {
            "author": "polis.umea@example.com",
            "category": "warning",
            "pinned": True,
            "title": "Var uppmärksam på paket som hämtas ut åt många olika mottagare",
            "body": (
                "I Umeå har vi sett att samma personer hämtar ut paket åt flera olika "
                "mottagare, ibland med fullmakter eller id-handlingar som inte verkar stämma.\n\n"
                "Följ fraktbolagets rutin för utlämning och anteckna kollinumret. Ring 114 14 "
                "och säg ”tips” när kunden har gått."
            ),
            "published": -2,
        },
        {
            "author": "polis.umea@example.com",
            "category": "knowledge",
            "title": "Så gör du vid disken när något känns fel",
            "body": (
                "1. Var lugn och bemöt kunden som vanligt.\n"
                "2. Öppna inte paketet och konfrontera ingen.\n"
                "3. Följ fraktbolagets rutin.\n"
                "4. Anteckna kolli- eller spårningsnumret.\n"
                "5. Ring när kunden har gått: polisen på 114 14, Tullverket på 90 114.\n"
                "6. Berätta aldrig för kunden att du har kontaktat polisen eller Tullverket.\n\n"
                "Blir du hotad, berätta det för din chef. Pågår ett brott, eller är du i fara "
                "eller hotad? Ring 112."
            ),
            "published": -25,
            "site_types": ("paketombud",),
        },
    ]


# Who has opened which update (by headline), and how each person wants mail.
READ = {
    "terminal@example.com": (
        "Var uppmärksam på paket med handskrivna etiketter och kraftig tejp",
        "Tullverket: vakuumförpackat innehåll från Nederländerna och Spanien",
    ),
    "ombud.umea@example.com": ("Tack för era tips under vintern",),
}
PREFERENCES = {
    "terminal@example.com": ("all", "daily"),
    "ombud.umea@example.com": ("warnings", "immediate"),
}


def _create(spec: dict, author: User) -> Update:
    now = utcnow()
    published = now + timedelta(days=spec["published"])
    expires = spec.get("expires")
    narrowing = tuple(
        Municipality.get(Municipality.code == code).id for code in spec.get("municipalities", ())
    )
    audience = desk_of(author).narrowed_to(spec.get("site_types", ()), narrowing)
    update = Update.create(
        category=spec["category"],
        title=spec["title"],
        body=spec["body"],
        pinned=spec.get("pinned", False),
        **audience.columns(),
        place_name=audience.place_name(),
        publisher=author.role,
        author=author,
        publish_at=published,
        expires_at=None if expires is None else now + timedelta(days=expires),
        announced_at=published if published <= now else None,
        attachment=uploads.save(_signs_pdf(), "pdf") if spec.get("attachment") else "",
        read_businesses=spec.get("read_businesses"),
        created_at=min(published, now),
    )
    for municipality_id in narrowing:
        UpdateMunicipality.create(update=update, municipality=municipality_id)
    if spec.get("image"):
        UpdateImage.create(
            update=update,
            stored_name=uploads.save(PARCEL_SVG, "svg"),
            description=spec["image"],
            position=1,
        )
    if update.announced_at is not None:
        store_reach(update.id, audience)
    return update


def load() -> None:
    for spec in _updates():
        if not Update.select().where(Update.title == spec["title"]).exists():
            _create(spec, User.get(User.email == spec["author"]))
    for email, titles in READ.items():
        user = User.get(User.email == email)
        for title in titles:
            update = Update.get(Update.title == title)
            UpdateRead.insert(
                update=update, user=user, business=user.business_id, read_at=utcnow()
            ).on_conflict_ignore().execute()
    for email, (notify, frequency) in PREFERENCES.items():
        user = User.get(User.email == email)
        if not UpdatePreference.select().where(UpdatePreference.user == user).exists():
            UpdatePreference.create(user=user, notify=notify, frequency=frequency)
