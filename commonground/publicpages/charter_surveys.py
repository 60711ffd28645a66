"""The ready-made charter surveys: the Ethical Care Charter's (home care) and the Residential
Care Charter's (care homes), each question tied to the charter's commitment it evidences.

The questions ask workers, in plain words, whether a commitment holds where they work; each
"yes"/"no" records whether that answer means the commitment is met (``meets``). Translations
were drafted by the project, not by fluent speakers: a page built from here marks every
language "needs review" until a union translator has checked it (docs/i18n.md).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("pl", "ro", "ml", "hi", "tl", "ur", "ar")

# Each text: English first, then the languages in LANGS order.
T = tuple[str, str, str, str, str, str, str, str]


def by_language(text: T) -> dict[str, str]:
    return dict(zip(("en", *LANGS), text, strict=True))


ANSWERS: dict[str, T] = {
    "yes": ("Yes", "Tak", "Da", "അതെ", "हाँ", "Oo", "ہاں", "نعم"),
    "no": ("No", "Nie", "Nu", "ഇല്ല", "नहीं", "Hindi", "نہیں", "لا"),
    "unsure": (
        "Not sure",
        "Nie wiem",
        "Nu știu",
        "ഉറപ്പില്ല",
        "पक्का नहीं पता",
        "Hindi sigurado",
        "یقین نہیں",
        "لست متأكدًا",
    ),
}

CONSENT: T = (
    (
        "I agree that the union may contact me about my answers and about joining. I can ask them "
        "to stop at any time."
    ),
    (
        "Zgadzam się, aby związek kontaktował się ze mną w sprawie moich odpowiedzi i przystąpienia "
        "do związku. Mogę w każdej chwili poprosić o zaprzestanie."
    ),
    (
        "Sunt de acord ca sindicatul să mă contacteze în legătură cu răspunsurile mele și cu "
        "aderarea. Pot cere oricând să nu mai fiu contactat(ă)."
    ),
    (
        "എന്റെ ഉത്തരങ്ങളെക്കുറിച്ചും യൂണിയനിൽ ചേരുന്നതിനെക്കുറിച്ചും യൂണിയൻ എന്നെ ബന്ധപ്പെടുന്നതിന് ഞാൻ "
        "സമ്മതിക്കുന്നു. എപ്പോൾ വേണമെങ്കിലും നിർത്താൻ എനിക്ക് ആവശ്യപ്പെടാം."
    ),
    (
        "मैं सहमत हूँ कि यूनियन मेरे जवाबों और सदस्य बनने के बारे में मुझसे संपर्क कर सकती है। मैं कभी भी "
        "इसे बंद करने के लिए कह सकता/सकती हूँ।"
    ),
    (
        "Pumapayag ako na kontakin ako ng unyon tungkol sa aking mga sagot at sa pagsali. Maaari ko "
        "silang pahintuin anumang oras."
    ),
    (
        "میں متفق ہوں کہ یونین میرے جوابات اور رکن بننے کے بارے میں مجھ سے رابطہ کر سکتی ہے۔ میں کسی بھی "
        "وقت اسے روکنے کا کہہ سکتا/سکتی ہوں۔"
    ),
    (
        "أوافق على أن تتواصل معي النقابة بشأن إجاباتي وبشأن الانضمام إليها. يمكنني أن أطلب التوقف في "
        "أي وقت."
    ),
)

THANKS: T = (
    "Thank you. Your answers help us hold employers and councils to the charter.",
    (
        "Dziękujemy. Twoje odpowiedzi pomagają nam rozliczać pracodawców i rady z przestrzegania "
        "karty."
    ),
    "Mulțumim. Răspunsurile tale ne ajută să cerem angajatorilor și consiliilor să respecte carta.",
    "നന്ദി. തൊഴിലുടമകളെയും കൗൺസിലുകളെയും ചാർട്ടർ പാലിക്കാൻ ഉത്തരവാദികളാക്കാൻ നിങ്ങളുടെ ഉത്തരങ്ങൾ ഞങ്ങളെ സഹായിക്കുന്നു.",
    "धन्यवाद। आपके जवाब हमें नियोक्ताओं और काउंसिलों से चार्टर का पालन करवाने में मदद करते हैं।",
    (
        "Salamat. Tinutulungan kami ng iyong mga sagot na panagutin ang mga employer at konseho sa "
        "charter."
    ),
    "شکریہ۔ آپ کے جوابات ہمیں آجروں اور کونسلوں کو چارٹر کا پابند بنانے میں مدد دیتے ہیں۔",
    "شكرًا لك. تساعدنا إجاباتك على مساءلة أصحاب العمل والمجالس عن الالتزام بالميثاق.",
)

PAID_TRAINING: T = (
    "Is your training free and in paid work time?",
    "Czy szkolenia są bezpłatne i odbywają się w płatnym czasie pracy?",
    "Instruirea este gratuită și are loc în timpul de lucru plătit?",
    "നിങ്ങളുടെ പരിശീലനം സൗജന്യവും ശമ്പളമുള്ള ജോലിസമയത്തുമാണോ?",
    "क्या आपका प्रशिक्षण मुफ़्त है और वेतन वाले काम के समय में होता है?",
    "Libre ba ang training mo at ginagawa sa bayad na oras ng trabaho?",
    "کیا آپ کی تربیت مفت ہے اور تنخواہ والے کام کے وقت میں ہوتی ہے؟",
    "هل تدريبك مجاني ويتم خلال وقت العمل المدفوع؟",
)
LIVING_WAGE: T = (
    "Are you paid at least the Real Living Wage?",
    "Czy zarabiasz co najmniej Real Living Wage?",
    "Ești plătit(ă) cel puțin la nivelul Real Living Wage?",
    "നിങ്ങൾക്ക് കുറഞ്ഞത് റിയൽ ലിവിംഗ് വേജ് എങ്കിലും ലഭിക്കുന്നുണ്ടോ?",
    "क्या आपको कम से कम रियल लिविंग वेज मिलता है?",
    "Binabayaran ka ba ng hindi bababa sa Real Living Wage?",
    "کیا آپ کو کم از کم ریئل لیونگ ویج ملتی ہے؟",
    "هل تتقاضى على الأقل الأجر المعيشي الحقيقي (Real Living Wage)؟",
)
ZERO_HOURS: T = (
    "Are you on a zero-hours contract?",
    "Czy masz umowę zero-godzinową?",
    "Ai un contract zero ore?",
    "നിങ്ങൾ സീറോ-അവർ കരാറിലാണോ?",
    "क्या आप ज़ीरो-आवर कॉन्ट्रैक्ट पर हैं?",
    "Naka-zero-hours contract ka ba?",
    "کیا آپ زیرو آورز کنٹریکٹ پر ہیں؟",
    "هل تعمل بعقد بلا ساعات مضمونة (zero-hours)؟",
)


@dataclass(frozen=True)
class SurveyQuestion:
    commitment: str  # the commitment's number in the charter
    text: T
    yes_meets: bool  # True: "yes" means the commitment holds; False: "no" does


@dataclass(frozen=True)
class CharterSurvey:
    charter_slug: str
    slug: str
    title: T
    intro: T
    questions: tuple[SurveyQuestion, ...]


ETHICAL_CARE = CharterSurvey(
    charter_slug="ethical-care",
    slug="ethical-care-survey",
    title=(
        "Home care: is your job ethical? Tell us in two minutes",
        "Opieka domowa: czy Twoja praca jest etyczna? Powiedz nam w dwie minuty",
        "Îngrijire la domiciliu: este munca ta etică? Spune-ne în două minute",
        "ഹോം കെയർ: നിങ്ങളുടെ ജോലി നീതിപൂർവമാണോ? രണ്ട് മിനിറ്റിൽ ഞങ്ങളോട് പറയൂ",
        "होम केयर: क्या आपका काम नैतिक है? हमें दो मिनट में बताइए",
        "Home care: makatarungan ba ang trabaho mo? Sabihin sa amin sa loob ng dalawang minuto",
        "ہوم کیئر: کیا آپ کا کام منصفانہ ہے؟ ہمیں دو منٹ میں بتائیں",
        "الرعاية المنزلية: هل عملك عادل؟ أخبرنا في دقيقتين",
    ),
    intro=(
        (
            "The Ethical Care Charter sets a floor for home care: paid travel time, no rushed "
            "15-minute visits, no zero-hours contracts, sick pay, training and the Real Living "
            "Wage. Tell us what your job is really like. We only publish totals, never who said "
            "what."
        ),
        (
            "Karta Etycznej Opieki (Ethical Care Charter) wyznacza minimum w opiece domowej: płatny "
            "czas dojazdu, żadnych pospiesznych 15-minutowych wizyt, żadnych umów zero-godzinowych, "
            "wynagrodzenie chorobowe, szkolenia i płacę na poziomie Real Living Wage. Powiedz nam, "
            "jak naprawdę wygląda Twoja praca. Publikujemy tylko sumy, nigdy kto co powiedział."
        ),
        (
            "Carta pentru Îngrijire Etică (Ethical Care Charter) stabilește un minim pentru "
            "îngrijirea la domiciliu: timp de deplasare plătit, fără vizite grăbite de 15 minute, "
            "fără contracte zero ore, concediu medical plătit, instruire și un salariu la nivelul "
            "Real Living Wage. Spune-ne cum este de fapt munca ta. Publicăm doar totaluri, niciodată "
            "cine ce a spus."
        ),
        (
            "എത്തിക്കൽ കെയർ ചാർട്ടർ ഹോം കെയറിന് ഒരു അടിസ്ഥാന നിലവാരം നിശ്ചയിക്കുന്നു: യാത്രാസമയത്തിന് "
            "ശമ്പളം, തിരക്കിട്ട 15 മിനിറ്റ് സന്ദർശനങ്ങൾ ഇല്ല, സീറോ-അവർ കരാറുകൾ ഇല്ല, അസുഖ വേതനം, "
            "പരിശീലനം, റിയൽ ലിവിംഗ് വേജ്. നിങ്ങളുടെ ജോലി യഥാർത്ഥത്തിൽ എങ്ങനെയാണെന്ന് ഞങ്ങളോട് പറയൂ. "
            "ആകെ കണക്കുകൾ മാത്രമേ ഞങ്ങൾ പ്രസിദ്ധീകരിക്കൂ, ആര് എന്ത് പറഞ്ഞു എന്ന് ഒരിക്കലും ഇല്ല."
        ),
        (
            "एथिकल केयर चार्टर होम केयर के लिए एक न्यूनतम स्तर तय करता है: यात्रा के समय का भुगतान, "
            "जल्दबाज़ी वाली 15 मिनट की विज़िट नहीं, ज़ीरो-आवर कॉन्ट्रैक्ट नहीं, बीमारी का वेतन, प्रशिक्षण और "
            "रियल लिविंग वेज। हमें बताइए कि आपका काम असल में कैसा है। हम केवल कुल आँकड़े प्रकाशित करते हैं, "
            "कभी यह नहीं कि किसने क्या कहा।"
        ),
        (
            "Ang Ethical Care Charter ay nagtatakda ng pinakamababang pamantayan sa home care: bayad "
            "na oras ng biyahe, walang minadaling 15-minutong pagbisita, walang zero-hours "
            "contract, sick pay, training at Real Living Wage. Sabihin sa amin kung ano talaga ang "
            "trabaho mo. Kabuuang bilang lamang ang inilalathala namin, hindi kailanman kung sino ang "
            "nagsabi ng ano."
        ),
        (
            "ایتھیکل کیئر چارٹر ہوم کیئر کے لیے کم از کم معیار طے کرتا ہے: سفر کے وقت کی تنخواہ، جلد بازی "
            "والے 15 منٹ کے دورے نہیں، زیرو آورز کنٹریکٹ نہیں، بیماری کی تنخواہ، تربیت اور ریئل لیونگ ویج۔ "
            "ہمیں بتائیں کہ آپ کا کام اصل میں کیسا ہے۔ ہم صرف کل تعداد شائع کرتے ہیں، کبھی یہ نہیں کہ کس "
            "نے کیا کہا۔"
        ),
        (
            "يضع ميثاق الرعاية الأخلاقية حدًا أدنى للرعاية المنزلية: أجر عن وقت التنقل، لا زيارات "
            "مستعجلة مدتها 15 دقيقة، لا عقود بلا ساعات مضمونة، أجر مرضي، تدريب، وأجر معيشي حقيقي. "
            "أخبرنا كيف هو عملك فعلًا. ننشر المجاميع فقط، ولا ننشر أبدًا من قال ماذا."
        ),
    ),
    questions=(
        SurveyQuestion(
            "3",
            (
                "Are you paid for the time you spend travelling between visits?",
                "Czy otrzymujesz wynagrodzenie za czas dojazdu między wizytami?",
                "Ești plătit(ă) pentru timpul petrecut pe drum între vizite?",
                "സന്ദർശനങ്ങൾക്കിടയിലുള്ള യാത്രാസമയത്തിന് നിങ്ങൾക്ക് ശമ്പളം ലഭിക്കുന്നുണ്ടോ?",
                "क्या आपको विज़िट के बीच यात्रा में लगने वाले समय का भुगतान मिलता है?",
                "Binabayaran ka ba para sa oras ng biyahe sa pagitan ng mga pagbisita?",
                "کیا آپ کو دوروں کے درمیان سفر کے وقت کی تنخواہ ملتی ہے؟",
                "هل تتقاضى أجرًا عن الوقت الذي تقضيه في التنقل بين الزيارات؟",
            ),
            True,
        ),
        SurveyQuestion(
            "2",
            (
                "Are some of your visits 15 minutes or shorter?",
                "Czy niektóre Twoje wizyty trwają 15 minut lub krócej?",
                "Unele dintre vizitele tale durează 15 minute sau mai puțin?",
                "നിങ്ങളുടെ ചില സന്ദർശനങ്ങൾ 15 മിനിറ്റോ അതിൽ കുറവോ ആണോ?",
                "क्या आपकी कुछ विज़िट 15 मिनट या उससे कम की होती हैं?",
                "May mga pagbisita ka bang 15 minuto o mas maikli?",
                "کیا آپ کے کچھ دورے 15 منٹ یا اس سے کم کے ہوتے ہیں؟",
                "هل تستغرق بعض زياراتك 15 دقيقة أو أقل؟",
            ),
            False,
        ),
        SurveyQuestion("7", ZERO_HOURS, False),
        SurveyQuestion(
            "5",
            (
                "Do you get sick pay when you are off ill?",
                "Czy dostajesz wynagrodzenie chorobowe, gdy jesteś na zwolnieniu?",
                "Primești plată când ești bolnav(ă)?",
                "അസുഖമായിരിക്കുമ്പോൾ നിങ്ങൾക്ക് അസുഖ വേതനം ലഭിക്കുന്നുണ്ടോ?",
                "बीमार होने पर क्या आपको बीमारी का वेतन मिलता है?",
                "Nakakatanggap ka ba ng sick pay kapag may sakit ka?",
                "کیا بیمار ہونے پر آپ کو بیماری کی تنخواہ ملتی ہے؟",
                "هل تحصل على أجر مرضي عندما تكون مريضًا؟",
            ),
            True,
        ),
        SurveyQuestion(
            "1",
            (
                "Do you have time to talk with the people you visit?",
                "Czy masz czas, by porozmawiać z osobami, które odwiedzasz?",
                "Ai timp să vorbești cu persoanele pe care le vizitezi?",
                "നിങ്ങൾ സന്ദർശിക്കുന്ന ആളുകളുമായി സംസാരിക്കാൻ നിങ്ങൾക്ക് സമയമുണ്ടോ?",
                "क्या आपके पास उन लोगों से बात करने का समय होता है जिनके पास आप जाते हैं?",
                "May oras ka bang makipag-usap sa mga taong binibisita mo?",
                "کیا آپ کے پاس ان لوگوں سے بات کرنے کا وقت ہوتا ہے جن کے پاس آپ جاتے ہیں؟",
                "هل لديك وقت للتحدث مع الأشخاص الذين تزورهم؟",
            ),
            True,
        ),
        SurveyQuestion("9", PAID_TRAINING, True),
        SurveyQuestion("11", LIVING_WAGE, True),
    ),
)

RESIDENTIAL_CARE = CharterSurvey(
    charter_slug="residential-care",
    slug="residential-care-survey",
    title=(
        "Care homes: what is your job really like? Tell us in two minutes",
        "Domy opieki: jak naprawdę wygląda Twoja praca? Powiedz nam w dwie minuty",
        "Cămine de îngrijire: cum este de fapt munca ta? Spune-ne în două minute",
        "കെയർ ഹോമുകൾ: നിങ്ങളുടെ ജോലി യഥാർത്ഥത്തിൽ എങ്ങനെയാണ്? രണ്ട് മിനിറ്റിൽ ഞങ്ങളോട് പറയൂ",
        "केयर होम: आपका काम असल में कैसा है? हमें दो मिनट में बताइए",
        "Care homes: ano talaga ang trabaho mo? Sabihin sa amin sa loob ng dalawang minuto",
        "کیئر ہومز: آپ کا کام اصل میں کیسا ہے؟ ہمیں دو منٹ میں بتائیں",
        "دور الرعاية: كيف هو عملك فعلًا؟ أخبرنا في دقيقتين",
    ),
    intro=(
        (
            "The Residential Care Charter asks care homes for safe staffing, proper training, "
            "decent pay and no zero-hours contracts. Tell us what happens where you work. We only "
            "publish totals, never who said what."
        ),
        (
            "Karta Opieki Stacjonarnej (Residential Care Charter) wymaga od domów opieki bezpiecznej "
            "obsady, porządnych szkoleń, godnej płacy i braku umów zero-godzinowych. Powiedz nam, "
            "jak jest tam, gdzie pracujesz. Publikujemy tylko sumy, nigdy kto co powiedział."
        ),
        (
            "Carta pentru Îngrijire Rezidențială (Residential Care Charter) cere căminelor personal "
            "suficient, instruire adecvată, salarii decente și fără contracte zero ore. Spune-ne ce "
            "se întâmplă acolo unde lucrezi. Publicăm doar totaluri, niciodată cine ce a spus."
        ),
        (
            "റെസിഡൻഷ്യൽ കെയർ ചാർട്ടർ കെയർ ഹോമുകളോട് സുരക്ഷിതമായ ജീവനക്കാരുടെ എണ്ണം, ശരിയായ പരിശീലനം, "
            "മാന്യമായ ശമ്പളം, സീറോ-അവർ കരാറുകൾ ഇല്ലാതിരിക്കൽ എന്നിവ ആവശ്യപ്പെടുന്നു. നിങ്ങൾ ജോലി "
            "ചെയ്യുന്നിടത്ത് എന്താണ് നടക്കുന്നതെന്ന് ഞങ്ങളോട് പറയൂ. ആകെ കണക്കുകൾ മാത്രമേ ഞങ്ങൾ "
            "പ്രസിദ്ധീകരിക്കൂ, ആര് എന്ത് പറഞ്ഞു എന്ന് ഒരിക്കലും ഇല്ല."
        ),
        (
            "रेज़िडेंशियल केयर चार्टर केयर होम से सुरक्षित स्टाफ़िंग, उचित प्रशिक्षण, अच्छा वेतन और ज़ीरो-आवर "
            "कॉन्ट्रैक्ट न होने की माँग करता है। हमें बताइए कि जहाँ आप काम करते हैं वहाँ क्या होता है। हम केवल "
            "कुल आँकड़े प्रकाशित करते हैं, कभी यह नहीं कि किसने क्या कहा।"
        ),
        (
            "Hinihingi ng Residential Care Charter sa mga care home ang sapat at ligtas na bilang ng "
            "staff, maayos na training, disenteng sahod at walang zero-hours contract. Sabihin sa "
            "amin kung ano ang nangyayari sa pinagtatrabahuhan mo. Kabuuang bilang lamang ang "
            "inilalathala namin, hindi kailanman kung sino ang nagsabi ng ano."
        ),
        (
            "ریزیڈنشل کیئر چارٹر کیئر ہومز سے محفوظ عملہ، مناسب تربیت، معقول تنخواہ اور زیرو آورز کنٹریکٹ "
            "نہ ہونے کا مطالبہ کرتا ہے۔ ہمیں بتائیں کہ جہاں آپ کام کرتے ہیں وہاں کیا ہوتا ہے۔ ہم صرف کل "
            "تعداد شائع کرتے ہیں، کبھی یہ نہیں کہ کس نے کیا کہا۔"
        ),
        (
            "يطالب ميثاق الرعاية السكنية دور الرعاية بعدد آمن من الموظفين، وتدريب مناسب، وأجر لائق، "
            "ومن دون عقود بلا ساعات مضمونة. أخبرنا بما يحدث حيث تعمل. ننشر المجاميع فقط، ولا ننشر "
            "أبدًا من قال ماذا."
        ),
    ),
    questions=(
        SurveyQuestion(
            "1",
            (
                (
                    "Are there enough staff on your shifts to spend time with residents, not just "
                    "get tasks done?"
                ),
                (
                    "Czy na Twoich zmianach jest wystarczająco dużo personelu, by spędzać czas z "
                    "mieszkańcami, a nie tylko wykonywać zadania?"
                ),
                (
                    "Sunt suficienți angajați în turele tale ca să petreceți timp cu rezidenții, nu "
                    "doar să terminați sarcinile?"
                ),
                (
                    "താമസക്കാരോടൊപ്പം സമയം ചെലവഴിക്കാൻ, ജോലികൾ തീർക്കാൻ മാത്രമല്ല, നിങ്ങളുടെ "
                    "ഷിഫ്റ്റുകളിൽ മതിയായ ജീവനക്കാരുണ്ടോ?"
                ),
                (
                    "क्या आपकी शिफ़्ट में इतना स्टाफ़ होता है कि निवासियों के साथ समय बिताया जा सके, सिर्फ़ "
                    "काम न निपटाए जाएँ?"
                ),
                (
                    "Sapat ba ang staff sa mga shift mo para makasama ang mga residente, hindi lang "
                    "para tapusin ang mga gawain?"
                ),
                (
                    "کیا آپ کی شفٹوں میں اتنا عملہ ہوتا ہے کہ رہائشیوں کے ساتھ وقت گزارا جا سکے، صرف کام "
                    "نہ نمٹائے جائیں؟"
                ),
                (
                    "هل يوجد عدد كافٍ من الموظفين في نوباتك لقضاء الوقت مع المقيمين، لا لإنجاز المهام "
                    "فقط؟"
                ),
            ),
            True,
        ),
        SurveyQuestion("9", PAID_TRAINING, True),
        SurveyQuestion("11", LIVING_WAGE, True),
        SurveyQuestion(
            "13",
            (
                "Do you get extra pay for nights, weekends or bank holidays?",
                "Czy dostajesz dodatek za pracę w nocy, w weekendy lub w święta?",
                "Primești plată în plus pentru nopți, weekenduri sau sărbători legale?",
                "രാത്രി, വാരാന്ത്യം, ബാങ്ക് അവധി ദിവസങ്ങളിലെ ജോലിക്ക് നിങ്ങൾക്ക് അധിക ശമ്പളം ലഭിക്കുന്നുണ്ടോ?",
                "क्या आपको रात, सप्ताहांत या बैंक हॉलिडे पर काम के लिए अतिरिक्त वेतन मिलता है?",
                "May dagdag na bayad ka ba para sa gabi, weekend o bank holiday?",
                "کیا آپ کو رات، ویک اینڈ یا بینک ہالیڈے پر کام کی اضافی تنخواہ ملتی ہے؟",
                "هل تحصل على أجر إضافي عن العمل ليلًا أو في عطلات نهاية الأسبوع أو العطلات الرسمية؟",
            ),
            True,
        ),
        SurveyQuestion(
            "16",
            (
                "Does your employer pay sick pay above Statutory Sick Pay?",
                (
                    "Czy pracodawca płaci wynagrodzenie chorobowe wyższe niż ustawowe (Statutory "
                    "Sick Pay)?"
                ),
                "Angajatorul tău plătește concediu medical peste Statutory Sick Pay?",
                "സ്റ്റാറ്റ്യൂട്ടറി സിക്ക് പേയ്ക്ക് മുകളിൽ നിങ്ങളുടെ തൊഴിലുടമ അസുഖ വേതനം നൽകുന്നുണ്ടോ?",
                "क्या आपका नियोक्ता स्टैच्युटरी सिक पे से अधिक बीमारी का वेतन देता है?",
                "Nagbabayad ba ang employer mo ng sick pay na higit sa Statutory Sick Pay?",
                "کیا آپ کا آجر اسٹیچوٹری سک پے سے زیادہ بیماری کی تنخواہ دیتا ہے؟",
                "هل يدفع صاحب العمل أجرًا مرضيًا أعلى من الأجر المرضي القانوني (Statutory Sick Pay)؟",
            ),
            True,
        ),
        SurveyQuestion(
            "17",
            (
                "Did your employer pay for your DBS check?",
                "Czy pracodawca zapłacił za Twoje zaświadczenie DBS?",
                "Angajatorul tău a plătit verificarea DBS?",
                "നിങ്ങളുടെ DBS പരിശോധനയ്ക്കുള്ള പണം തൊഴിലുടമ നൽകിയോ?",
                "क्या आपके नियोक्ता ने आपकी DBS जाँच का भुगतान किया?",
                "Binayaran ba ng employer mo ang iyong DBS check?",
                "کیا آپ کے آجر نے آپ کے DBS چیک کی ادائیگی کی؟",
                "هل دفع صاحب العمل تكلفة فحص DBS الخاص بك؟",
            ),
            True,
        ),
        SurveyQuestion("18", ZERO_HOURS, False),
        SurveyQuestion(
            "6",
            (
                "Do you have the equipment you need to work safely?",
                "Czy masz sprzęt potrzebny do bezpiecznej pracy?",
                "Ai echipamentul de care ai nevoie ca să lucrezi în siguranță?",
                "സുരക്ഷിതമായി ജോലി ചെയ്യാൻ ആവശ്യമായ ഉപകരണങ്ങൾ നിങ്ങൾക്കുണ്ടോ?",
                "क्या आपके पास सुरक्षित रूप से काम करने के लिए ज़रूरी उपकरण हैं?",
                "Mayroon ka bang kagamitang kailangan para makapagtrabaho nang ligtas?",
                "کیا آپ کے پاس محفوظ طریقے سے کام کرنے کے لیے ضروری سامان ہے؟",
                "هل لديك المعدات التي تحتاجها لتعمل بأمان؟",
            ),
            True,
        ),
    ),
)

SURVEYS = {s.charter_slug: s for s in (ETHICAL_CARE, RESIDENTIAL_CARE)}


def choices_for(question: SurveyQuestion) -> list[dict[str, object]]:
    """Yes / No / Not sure, each saying whether it means the commitment is met."""
    meets = {"yes": question.yes_meets, "no": not question.yes_meets}
    result: list[dict[str, object]] = []
    for value, text in ANSWERS.items():
        choice: dict[str, object] = {"value": value, "label": text[0]}
        if value in meets:
            choice["meets"] = meets[value]
        result.append(choice)
    return result


def question_translations(question: SurveyQuestion) -> dict[str, dict[str, object]]:
    texts = by_language(question.text)
    return {
        lang: {
            "text": texts[lang],
            "help": "",
            "choices": {value: by_language(t)[lang] for value, t in ANSWERS.items()},
        }
        for lang in LANGS
    }


def page_translations(survey: CharterSurvey) -> dict[str, dict[str, object]]:
    title, intro = by_language(survey.title), by_language(survey.intro)
    thanks, consent = by_language(THANKS), by_language(CONSENT)
    return {
        lang: {
            "title": title[lang],
            "intro": intro[lang],
            "thanks": thanks[lang],
            "consent_wording": consent[lang],
            # Drafted by the project: a fluent speaker checks it, then ticks "reviewed".
            "reviewed": False,
        }
        for lang in LANGS
    }
