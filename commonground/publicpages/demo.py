"""Demo public pages: a join form, a petition on a charter target, and the two ready-made
charter surveys, with synthetic answers sent through the real path (linkage, routing,
contacts). Names are obviously synthetic; emails end in ``@example.invalid``; numbers are in
Ofcom's drama range. Idempotent: pages are keyed on their address and answered once.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping

from django.db.models import Count

from commonground.accounts.models import Branch, User
from commonground.alliances.models import Partner
from commonground.campaigns.models import Campaign
from commonground.charters.models import Target, TargetKind
from commonground.publicpages.actions import (
    create_charter_survey,
    create_page,
    process_submissions,
    receive_submission,
    set_page_open,
)
from commonground.publicpages.charter_surveys import LANGS
from commonground.publicpages.models import Page
from commonground.publicpages.public_forms import Received
from commonground.register.models import Location, Region

BRANCH = "NW-D01"  # Bolton: the demo "branch" persona's
FIRST = ["Anjali", "Bogdan", "Maria", "Joy", "Imran", "Layla", "Ewa", "Ravi", "Grace", "Ana"]
LAST = ["Demo", "Sample", "Example", "Placeholder"]
LANGUAGE_OF = ["ml", "ro", "en-gb", "tl", "ur", "ar", "pl", "hi", "tl", "ro"]

# The demo pages' own text in each language, drafted by the project (marked for review).
JOIN = {
    "title": (
        "Join your union: care workers in Bolton",
        "Dołącz do związku: pracownicy opieki w Bolton",
        "Alătură-te sindicatului: lucrătorii din îngrijire din Bolton",
        "നിങ്ങളുടെ യൂണിയനിൽ ചേരൂ: ബോൾട്ടണിലെ കെയർ തൊഴിലാളികൾ",
        "अपनी यूनियन से जुड़ें: बोल्टन के केयर वर्कर",
        "Sumali sa iyong unyon: mga care worker sa Bolton",
        "اپنی یونین میں شامل ہوں: بولٹن کے کیئر ورکرز",
        "انضم إلى نقابتك: عمّال الرعاية في بولتون",
    ),
    "intro": (
        (
            "Care workers across Bolton are joining together for fair pay, safe staffing and "
            "respect at work. Leave your details and someone from the branch will be in touch."
        ),
        (
            "Pracownicy opieki w całym Bolton łączą siły na rzecz uczciwej płacy, bezpiecznej "
            "obsady i szacunku w pracy. Zostaw swoje dane, a ktoś z oddziału się z Tobą skontaktuje."
        ),
        (
            "Lucrătorii din îngrijire din tot Bolton se unesc pentru salarii corecte, personal "
            "suficient și respect la locul de muncă. Lasă-ne datele tale și cineva de la filială "
            "te va contacta."
        ),
        (
            "ന്യായമായ ശമ്പളം, സുരക്ഷിതമായ ജീവനക്കാരുടെ എണ്ണം, ജോലിസ്ഥലത്തെ ബഹുമാനം എന്നിവയ്ക്കായി "
            "ബോൾട്ടണിലെ കെയർ തൊഴിലാളികൾ ഒന്നിക്കുന്നു. നിങ്ങളുടെ വിവരങ്ങൾ നൽകൂ, ബ്രാഞ്ചിൽ നിന്ന് "
            "ആരെങ്കിലും ബന്ധപ്പെടും."
        ),
        (
            "पूरे बोल्टन में केयर वर्कर उचित वेतन, सुरक्षित स्टाफ़िंग और काम पर सम्मान के लिए एकजुट हो रहे "
            "हैं। अपनी जानकारी दें, शाखा से कोई आपसे संपर्क करेगा।"
        ),
        (
            "Nagkakaisa ang mga care worker sa buong Bolton para sa patas na sahod, ligtas na "
            "bilang ng staff at respeto sa trabaho. Iwan ang iyong detalye at may makikipag-ugnayan "
            "sa iyo mula sa sangay."
        ),
        (
            "پورے بولٹن میں کیئر ورکرز منصفانہ تنخواہ، محفوظ عملے اور کام پر عزت کے لیے متحد ہو رہے ہیں۔ "
            "اپنی تفصیلات دیں، برانچ سے کوئی آپ سے رابطہ کرے گا۔"
        ),
        (
            "يتّحد عمّال الرعاية في أنحاء بولتون من أجل أجر عادل وعدد آمن من الموظفين واحترام في "
            "العمل. اترك بياناتك وسيتواصل معك شخص من الفرع."
        ),
    ),
    "consent_wording": (
        (
            "I agree that the union may contact me by email, phone or text about joining and about "
            "my workplace. I can ask them to stop at any time."
        ),
        (
            "Zgadzam się, aby związek kontaktował się ze mną e-mailem, telefonicznie lub SMS-em w "
            "sprawie przystąpienia i mojego miejsca pracy. Mogę w każdej chwili poprosić o "
            "zaprzestanie."
        ),
        (
            "Sunt de acord ca sindicatul să mă contacteze prin e-mail, telefon sau SMS despre "
            "aderare și despre locul meu de muncă. Pot cere oricând să nu mai fiu contactat(ă)."
        ),
        (
            "യൂണിയനിൽ ചേരുന്നതിനെക്കുറിച്ചും എന്റെ ജോലിസ്ഥലത്തെക്കുറിച്ചും ഇമെയിൽ, ഫോൺ അല്ലെങ്കിൽ "
            "ടെക്സ്റ്റ് വഴി യൂണിയൻ എന്നെ ബന്ധപ്പെടുന്നതിന് ഞാൻ സമ്മതിക്കുന്നു. എപ്പോൾ വേണമെങ്കിലും "
            "നിർത്താൻ എനിക്ക് ആവശ്യപ്പെടാം."
        ),
        (
            "मैं सहमत हूँ कि यूनियन सदस्य बनने और मेरे कार्यस्थल के बारे में ईमेल, फ़ोन या मैसेज से मुझसे "
            "संपर्क कर सकती है। मैं कभी भी इसे बंद करने के लिए कह सकता/सकती हूँ।"
        ),
        (
            "Pumapayag ako na kontakin ako ng unyon sa email, tawag o text tungkol sa pagsali at sa "
            "aking lugar ng trabaho. Maaari ko silang pahintuin anumang oras."
        ),
        (
            "میں متفق ہوں کہ یونین رکن بننے اور میری کام کی جگہ کے بارے میں ای میل، فون یا میسج کے ذریعے "
            "مجھ سے رابطہ کر سکتی ہے۔ میں کسی بھی وقت اسے روکنے کا کہہ سکتا/سکتی ہوں۔"
        ),
        (
            "أوافق على أن تتواصل معي النقابة عبر البريد الإلكتروني أو الهاتف أو الرسائل النصية بشأن "
            "الانضمام وبشأن مكان عملي. يمكنني أن أطلب التوقف في أي وقت."
        ),
    ),
}
PETITION = {
    "title": (
        "Pay home-care workers for their travel time",
        "Płaćcie opiekunom domowym za czas dojazdu",
        "Plătiți lucrătorii din îngrijirea la domiciliu pentru timpul de deplasare",
        "ഹോം കെയർ തൊഴിലാളികൾക്ക് യാത്രാസമയത്തിന് ശമ്പളം നൽകുക",
        "होम-केयर वर्करों को यात्रा के समय का भुगतान करो",
        "Bayaran ang mga home-care worker para sa oras ng biyahe",
        "ہوم کیئر ورکرز کو سفر کے وقت کی تنخواہ دو",
        "ادفعوا لعمّال الرعاية المنزلية أجر وقت التنقل",
    ),
    "intro": (
        (
            "We call on Bolton Council to sign the Ethical Care Charter and make sure every "
            "home-care worker is paid for the time they spend travelling between visits."
        ),
        (
            "Wzywamy Radę Bolton do podpisania Karty Etycznej Opieki i dopilnowania, by każdy "
            "opiekun domowy otrzymywał wynagrodzenie za czas dojazdu między wizytami."
        ),
        (
            "Cerem Consiliului Bolton să semneze Carta pentru Îngrijire Etică și să se asigure că "
            "fiecare lucrător din îngrijirea la domiciliu este plătit pentru timpul petrecut pe drum "
            "între vizite."
        ),
        (
            "എത്തിക്കൽ കെയർ ചാർട്ടറിൽ ഒപ്പിടാനും, ഓരോ ഹോം കെയർ തൊഴിലാളിക്കും സന്ദർശനങ്ങൾക്കിടയിലെ "
            "യാത്രാസമയത്തിന് ശമ്പളം ഉറപ്പാക്കാനും ഞങ്ങൾ ബോൾട്ടൺ കൗൺസിലിനോട് ആവശ്യപ്പെടുന്നു."
        ),
        (
            "हम बोल्टन काउंसिल से एथिकल केयर चार्टर पर हस्ताक्षर करने और यह सुनिश्चित करने की माँग करते हैं "
            "कि हर होम-केयर वर्कर को विज़िट के बीच यात्रा के समय का भुगतान मिले।"
        ),
        (
            "Nananawagan kami sa Bolton Council na lagdaan ang Ethical Care Charter at tiyaking "
            "bayad ang bawat home-care worker para sa oras ng biyahe sa pagitan ng mga pagbisita."
        ),
        (
            "ہم بولٹن کونسل سے مطالبہ کرتے ہیں کہ وہ ایتھیکل کیئر چارٹر پر دستخط کرے اور یقینی بنائے کہ ہر "
            "ہوم کیئر ورکر کو دوروں کے درمیان سفر کے وقت کی تنخواہ ملے۔"
        ),
        (
            "ندعو مجلس بولتون إلى توقيع ميثاق الرعاية الأخلاقية والتأكد من أن كل عامل رعاية منزلية "
            "يتقاضى أجرًا عن الوقت الذي يقضيه في التنقل بين الزيارات."
        ),
    ),
    "consent_wording": (
        "Keep me updated about this campaign by email or text. I can ask you to stop at any time.",
        (
            "Informujcie mnie o tej kampanii e-mailem lub SMS-em. Mogę w każdej chwili poprosić o "
            "zaprzestanie."
        ),
        (
            "Țineți-mă la curent cu această campanie prin e-mail sau SMS. Pot cere oricând să nu "
            "mai primesc mesaje."
        ),
        (
            "ഈ കാമ്പെയ്‌നിനെക്കുറിച്ച് ഇമെയിൽ അല്ലെങ്കിൽ ടെക്സ്റ്റ് വഴി എന്നെ അറിയിക്കുക. എപ്പോൾ "
            "വേണമെങ്കിലും നിർത്താൻ എനിക്ക് ആവശ്യപ്പെടാം."
        ),
        "इस अभियान के बारे में मुझे ईमेल या मैसेज से जानकारी देते रहें। मैं कभी भी इसे बंद करने के लिए कह सकता/सकती हूँ।",
        (
            "Padalhan ako ng balita tungkol sa kampanyang ito sa email o text. Maaari ko kayong "
            "pahintuin anumang oras."
        ),
        (
            "اس مہم کے بارے میں مجھے ای میل یا میسج کے ذریعے باخبر رکھیں۔ میں کسی بھی وقت اسے روکنے کا "
            "کہہ سکتا/سکتی ہوں۔"
        ),
        (
            "أبقوني على اطلاع بهذه الحملة عبر البريد الإلكتروني أو الرسائل النصية. يمكنني أن أطلب "
            "التوقف في أي وقت."
        ),
    ),
}


def _translations(texts: Mapping[str, tuple[str, ...]]) -> dict[str, dict[str, object]]:
    return {
        lang: {**{field: t[i + 1] for field, t in texts.items()}, "reviewed": False}
        for i, lang in enumerate(LANGS)
    }


def _page(
    actor: User,
    slug: str,
    kind: str,
    branch: Branch,
    texts: Mapping[str, tuple[str, ...]],
    **extra: object,
) -> Page:
    page = Page.objects.filter(slug=slug).first()
    if page is not None:
        return page
    page = create_page(
        actor,
        kind=kind,
        values={
            "slug": slug,
            "branch": branch,
            "languages": list(LANGS),
            **{field: t[0] for field, t in texts.items()},
            **extra,
        },
    )
    page.translations = _translations(texts)
    page.save(update_fields=["translations", "updated"])
    set_page_open(actor, page, True)
    return page


def _worker(i: int) -> tuple[str, str, str]:
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}-Public"
    return name, f"public.demo{i}@example.invalid", f"07700 900{500 + i:03d}"


def seed(region: Region) -> str:
    admin = User.objects.filter(username="admin").first()
    branch = Branch.objects.filter(code=BRANCH).first()
    if admin is None or branch is None:
        return "no demo branch: skipped"
    council = branch.councils.order_by("ons_code").first()
    homes = list(
        Location.objects.filter(
            council=council, is_social_care=True, registration_status="registered"
        ).order_by("-beds", "cqc_id")[:40]
    )
    partner = Partner.objects.filter(region=region).order_by("pk").first()
    campaign = Campaign.objects.filter(region=region).order_by("pk").first()
    target = Target.objects.filter(kind=TargetKind.COUNCIL, council=council).first()
    join = _page(admin, "join-bolton", "join", branch, JOIN, partner=partner, campaign=campaign)
    petition = _page(
        admin,
        "travel-time-bolton",
        "petition",
        branch,
        PETITION,
        charter_target=target,
        campaign=campaign,
        goal=250,
        show_count=True,
        ask_workplace=True,
    )
    survey = Page.objects.filter(slug=f"ethical-care-survey-{BRANCH.lower()}").first()
    if survey is None:
        survey = create_charter_survey(admin, charter_slug="ethical-care", branch=branch)
        set_page_open(admin, survey, True)
    if not Page.objects.filter(slug=f"residential-care-survey-{BRANCH.lower()}").exists():
        create_charter_survey(admin, charter_slug="residential-care", branch=branch)
    rng = random.Random(18)
    answered = Counter(
        dict(
            Page.objects.filter(pk__in=[join.pk, petition.pk, survey.pk])
            .annotate(n=Count("submissions"))
            .values_list("pk", "n")
        )
    )
    if homes and not answered[join.pk]:
        for i in range(6):
            name, email, phone = _worker(i)
            receive_submission(
                join,
                Received(
                    name=name,
                    email=email,
                    phone=phone,
                    workplace_text=homes[i % len(homes)].name,
                    location_id=homes[i % len(homes)].pk if i % 2 else None,
                    consent=True,
                ),
                language=LANGUAGE_OF[i],
            )
    if not answered[petition.pk]:
        for i in range(6, 48):
            name, email, phone = _worker(i)
            receive_submission(
                petition,
                Received(name=name, email=email, consent=i % 3 != 0),
                language=LANGUAGE_OF[i % len(LANGUAGE_OF)],
            )
    if homes and not answered[survey.pk]:
        questions = list(survey.questions.all())
        # Workers at three workplaces answer: two often enough to count, one too few to show
        # (the register's providers, where it names them, give the by-provider view).
        n = 0
        for group, count in enumerate((12, 8, 3)):
            home = homes[group % len(homes)]
            for _k in range(count):
                good = rng.random() < (0.7 if group == 0 else 0.35)
                answers = []
                for q in questions:
                    meets = {str(c["value"]): c.get("meets") for c in q.choices}
                    wanted = [v for v, m in meets.items() if m is good] or ["unsure"]
                    choice = wanted[0] if rng.random() < 0.85 else "unsure"
                    answers.append((q, {"choice": choice}))
                receive_submission(
                    survey,
                    Received(location_id=home.pk, answers=answers),
                    language=LANGUAGE_OF[n % len(LANGUAGE_OF)],
                )
                n += 1
    process_submissions()  # the demo's worker would file them: filed now, so the demo shows them
    counts = Counter(
        dict(
            Page.objects.filter(region=region)
            .annotate(n=Count("submissions"))
            .values_list("slug", "n")
        )
    )
    return (
        f"{Page.objects.filter(region=region).count()} public pages; "
        f"{sum(counts.values())} answers (join {counts['join-bolton']}, "
        f"petition {counts['travel-time-bolton']}, survey {counts[survey.slug]})"
    )
