"""The question set in more languages than Swedish and English: staff add a translation to a
question (complete, or refused at the field), and a business answers a round in any language
every one of its questions has, right-to-left ones marked as such."""

import json
import re

from survey_helpers import close_open_rounds, form_answers, open_round, sundsvall

from app.surveys.dates import today
from app.surveys.models import SurveyQuestion, SurveyResponse, SurveyRound
from app.surveys.services import open_round as open_new_round
from app.surveys.services import round_questions


def form_of(question, **extra) -> dict:
    """The edit form's data as the page fills it from the question's texts, with `extra`."""
    data = {}
    for language, entry in json.loads(question.texts).items():
        data[f"text_{language}"] = entry["text"]
        for part in ("low", "high"):
            if part in entry:
                data[f"{part}_{language}"] = entry[part]
        if "choices" in entry:
            data[f"choices_{language}"] = "\n".join(entry["choices"])
    return {**data, **extra}


def current(key) -> SurveyQuestion:
    return SurveyQuestion.get((SurveyQuestion.key == key) & ~SurveyQuestion.retired)


def somali(question) -> dict:
    """A Somali translation of a national question, as complete as its Swedish."""
    texts = json.loads(question.texts)["sv"]
    data = {"text_so": f"Su'aal: {texts['text']}"}
    if "low" in texts:
        data |= {"low_so": "Aad u hooseeya", "high_so": "Aad u sarreeya"}
    if "choices" in texts:
        data["choices_so"] = "\n".join(f"Jawaab {n}" for n in range(len(texts["choices"])))
    return data


# ---------------------------------------------------------------- staff translate


def test_the_edit_page_shows_each_translation_in_its_direction(login):
    admin = login("admin@example.com")
    question = current("safe_at_work")
    page = admin.get(f"/surveys/questions/{question.id}").text
    arabic = re.search(r'<textarea[^>]*name="text_ar"[^>]*>', page).group(0)
    assert 'dir="rtl"' in arabic and 'lang="ar"' in arabic
    assert "ما مدى شعورك بالأمان" in page
    polish = re.search(r'<textarea[^>]*name="text_pl"[^>]*>', page).group(0)
    assert 'dir="ltr"' in polish and 'lang="pl"' in polish
    assert "Frågan på polska" in page and "Frågan på arabiska" in page


def test_staff_add_a_translation_as_a_new_version(login):
    police = login("polis@example.com")
    question = SurveyQuestion.get(SurveyQuestion.area == sundsvall().id)
    text = "Sanadkii la soo dhaafay, macmiil ma kaa codsaday inaad xirmo siiso qof aan ahayn qofka loo diray?"
    response = police.post(
        f"/surveys/questions/{question.id}", data=form_of(question, text_so=text)
    )
    assert response.status_code == 303
    new_version = current(question.key)
    assert new_version.version == question.version + 1
    assert json.loads(new_version.texts)["so"] == {"text": text}
    assert set(new_version.languages()) == {"sv", "en", "ar", "so"}


def test_an_incomplete_translation_is_refused_at_its_field(login):
    admin = login("admin@example.com")
    before = SurveyQuestion.select().count()
    likert = current("safe_at_work")
    response = admin.post(
        f"/surveys/questions/{likert.id}",
        data=form_of(likert, text_fi="Kuinka turvalliseksi tunnet olosi töissä?"),
    )
    assert response.status_code == 422
    assert re.search(r'id="high_fi-error"[^>]*>Fyll i orden för 1 och 5', response.text)
    choice = current("knows_contact")
    response = admin.post(
        f"/surveys/questions/{choice.id}",
        data=form_of(choice, text_uk="Чи знаєте ви…?", choices_uk="Так\nНі"),
    )
    assert response.status_code == 422
    assert 'id="choices_uk-error"' in response.text and "lika många svar" in response.text
    response = admin.post(
        f"/surveys/questions/{choice.id}", data=form_of(choice, low_tr="Hiç", text_tr="")
    )
    assert response.status_code == 422 and 'id="text_tr-error"' in response.text
    assert SurveyQuestion.select().count() == before  # nothing written


# ---------------------------------------------------------------- a business answers


def test_a_business_chooses_a_language_the_round_has_in_full(login):
    survey_round = open_round()
    ombud = login("ombud@example.com")
    page = ombud.get("/surveys/answer").text
    assert '<select id="language" name="language">' in page
    assert '<option value="ar" lang="ar">العربية</option>' in page
    assert 'value="so"' not in page  # not a language of the round
    assert "Hur trygg känner du dig" in page and 'dir="rtl"' not in page

    page = ombud.get("/surveys/answer?language=ar").text
    legend = re.search(r"<legend[^>]*>ما مدى شعورك بالأمان[^<]*</legend>", page)
    assert legend and 'lang="ar" dir="rtl"' in legend.group(0)
    assert '<option value="ar" lang="ar" selected>' in page
    assert re.search(r'<label dir="rtl" for="q\d+-0" lang="ar">1 – غير آمن على الإطلاق<', page)
    assert re.search(r'<label for="q\d+-5">Vet inte eller vill inte svara<', page)  # its own words
    assert 'action="/surveys/answer?language=ar"' in page

    before = SurveyResponse.select().where(SurveyResponse.round == survey_round.id).count()
    response = ombud.post("/surveys/answer?language=ar", data=form_answers(survey_round))
    assert response.status_code == 303
    assert SurveyResponse.select().where(SurveyResponse.round == survey_round.id).count() == (
        before + 1
    )


def test_a_language_the_round_lacks_falls_back_to_the_pages_own(login):
    ombud = login("ombud@example.com")
    for asked in ("so", "xx", "<script>", ""):
        page = ombud.get("/surveys/answer", query_string={"language": asked})
        assert page.status_code == 200
        assert "Hur trygg känner du dig" in page.text and 'dir="rtl"' not in page.text
    ombud.get("/language/en")
    assert "How safe do you feel" in ombud.get("/surveys/answer?language=so").text


def test_a_round_offers_a_language_once_every_question_has_it(login):
    close_open_rounds()
    admin, police = login("admin@example.com"), login("polis@example.com")
    national = SurveyQuestion.select().where(
        SurveyQuestion.area.is_null() & ~SurveyQuestion.retired
    )
    for question in list(national):  # each post closes the test's connection
        response = admin.post(
            f"/surveys/questions/{question.id}", data=form_of(question, **somali(question))
        )
        assert response.status_code == 303
    survey_round = open_new_round(sundsvall(), today(), today(), by=None)
    ombud = login("ombud@example.com")
    assert 'value="so"' not in ombud.get("/surveys/answer").text  # the area's own lacks it

    SurveyRound.delete().where(SurveyRound.id == survey_round.id).execute()
    area_question = SurveyQuestion.get(
        (SurveyQuestion.area == sundsvall().id) & ~SurveyQuestion.retired
    )
    police.post(
        f"/surveys/questions/{area_question.id}",
        data=form_of(area_question, text_so="Macmiil ma kaa codsaday?"),
    )
    survey_round = open_new_round(sundsvall(), today(), today(), by=None)
    assert all("so" in q.languages() for q in round_questions(survey_round.id))
    page = ombud.get("/surveys/answer?language=so").text
    assert '<option value="so" lang="so" selected>Soomaali</option>' in page
    assert re.search(r'<legend lang="so" dir="ltr">Su(&#39;|\')aal: Hur trygg', page)
