"""The national question set, version 1 (handbook 2.2 and 4.2.3, "Dialog om deltagarnas
upplevelser"). It is stored as questions in the database the first time a round opens; from
then on the stored questions are the set, and an administrator changes one by saving a new
version. The texts are content, stored with each question in each language, so that a round
keeps the words it was answered in whatever the portal's catalogues say later. Besides Swedish
and English the set is in Arabic, so businesses can answer in it (forms.TRANSLATION_LANGUAGES
lists the languages staff may add)."""

NATIONAL_QUESTIONS = (
    {
        "key": "safe_at_work",
        "kind": "likert",
        "in_index": True,
        "texts": {
            "sv": {
                "text": "Hur trygg känner du dig när du tar emot och lämnar ut försändelser "
                "på jobbet?",
                "low": "Mycket otrygg",
                "high": "Mycket trygg",
            },
            "en": {
                "text": "How safe do you feel when you receive and hand out shipments at work?",
                "low": "Very unsafe",
                "high": "Very safe",
            },
            "ar": {
                "text": "ما مدى شعورك بالأمان عندما تستلم الشحنات وتسلّمها في العمل؟",
                "low": "غير آمن على الإطلاق",
                "high": "آمن جدًا",
            },
        },
    },
    {
        "key": "knows_contact",
        "kind": "choice",
        "in_index": False,
        "texts": {
            "sv": {
                "text": "Vet du när och hur du kontaktar polisen eller Tullverket om en "
                "försändelse verkar misstänkt?",
                "choices": ["Ja, både när och hur", "Delvis", "Nej"],
            },
            "en": {
                "text": "Do you know when and how to contact the police or Swedish Customs "
                "about a shipment that seems suspicious?",
                "choices": ["Yes, both when and how", "Partly", "No"],
            },
            "ar": {
                "text": "هل تعرف متى وكيف تتصل بالشرطة أو بالجمارك السويدية إذا بدت لك "
                "شحنة مشبوهة؟",
                "choices": ["نعم، أعرف متى وكيف", "جزئيًا", "لا"],
            },
        },
    },
    {
        "key": "threatened",
        "kind": "yes_no",
        "in_index": False,
        "texts": {
            "sv": {
                "text": "Har du under de senaste 12 månaderna blivit hotad eller pressad på "
                "grund av paket eller andra försändelser?"
            },
            "en": {
                "text": "In the last 12 months, have you been threatened or pressured because "
                "of parcels or other shipments?"
            },
            "ar": {
                "text": "هل تعرّضت خلال الأشهر الاثني عشر الماضية للتهديد أو الضغط بسبب "
                "طرود أو شحنات أخرى؟"
            },
        },
    },
    {
        "key": "trust_police",
        "kind": "likert",
        "in_index": True,
        "texts": {
            "sv": {
                "text": "Hur stort förtroende har du för polisen i ditt område?",
                "low": "Mycket litet",
                "high": "Mycket stort",
            },
            "en": {
                "text": "How much do you trust the police in your area?",
                "low": "Very little",
                "high": "Very much",
            },
            "ar": {
                "text": "ما مدى ثقتك بالشرطة في منطقتك؟",
                "low": "ضعيفة جدًا",
                "high": "كبيرة جدًا",
            },
        },
    },
    {
        "key": "trust_municipality",
        "kind": "likert",
        "in_index": True,
        "texts": {
            "sv": {
                "text": "Hur stort förtroende har du för kommunen i frågor om trygghet?",
                "low": "Mycket litet",
                "high": "Mycket stort",
            },
            "en": {
                "text": "How much do you trust the municipality on matters of safety?",
                "low": "Very little",
                "high": "Very much",
            },
            "ar": {
                "text": "ما مدى ثقتك بالبلدية في مسائل الأمان؟",
                "low": "ضعيفة جدًا",
                "high": "كبيرة جدًا",
            },
        },
    },
    {
        "key": "collaboration_helps",
        "kind": "likert",
        "in_index": False,
        "texts": {
            "sv": {
                "text": "Hur mycket hjälper samverkan i Tillsammans mot illegala försändelser "
                "dig i ditt arbete?",
                "low": "Inte alls",
                "high": "Mycket",
            },
            "en": {
                "text": "How much does the collaboration in Together against illegal "
                "shipments help you in your work?",
                "low": "Not at all",
                "high": "Very much",
            },
            "ar": {
                "text": "إلى أي مدى يساعدك التعاون في مبادرة «معًا ضد الشحنات غير القانونية» "
                "في عملك؟",
                "low": "لا يساعد إطلاقًا",
                "high": "يساعد كثيرًا",
            },
        },
    },
    {
        "key": "free_text",
        "kind": "text",
        "in_index": False,
        "texts": {
            "sv": {
                "text": "Vill du berätta något mer för polisen och kommunen? Skriv inte namn, "
                "telefonnummer eller annat som kan peka ut dig eller någon annan."
            },
            "en": {
                "text": "Is there anything else you want to tell the police and the "
                "municipality? Do not write names, phone numbers or anything else that "
                "could point to you or someone else."
            },
            "ar": {
                "text": "هل تريد أن تخبر الشرطة والبلدية بشيء آخر؟ لا تكتب أسماء أو أرقام "
                "هواتف أو أي شيء آخر قد يدلّ عليك أو على شخص آخر."
            },
        },
    },
)
