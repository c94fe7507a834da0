"""The safety survey's pages: staff's rounds, results, questions and review; a business's
round to answer, its area's results and the dialogue."""

import json
from contextlib import suppress

from flask import abort, flash, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.areas.models import Area
from app.htmx import fragment_or_redirect, render, see_other
from app.security import get_in_scope, requires, scoped
from app.surveys import bp, exports
from app.surveys.dates import today
from app.surveys.dialogue import (
    approve_comment,
    mark_handled,
    reply_to,
    send_message,
    withhold_comment,
)
from app.surveys.forms import (
    MESSAGE_CATEGORY_LABELS,
    NATIONAL,
    QUESTION_KIND_LABELS,
    ROUND_NOT_CLOSED,
    TRANSLATION_LANGUAGES,
    CommentForm,
    MessageForm,
    NewQuestionForm,
    QuestionTextsForm,
    ReplyForm,
    RoundForm,
    answer_form,
    answers_of,
)
from app.surveys.models import SurveyComment, SurveyMessage, SurveyQuestion, SurveyRound
from app.surveys.queries import (
    answers_so_far,
    approved_comments,
    closed_rounds_of_business_area,
    comments_to_review,
    message_writer,
    messages_page,
    open_round_for,
    own_messages,
    replies_to,
    results_municipality,
    results_of,
    rounds_for_results,
    rounds_page,
    set_of,
    trend,
)
from app.surveys.services import (
    AlreadyAnswered,
    SurveyRefused,
    add_question,
    change_question,
    close_round,
    open_round,
    retire_question,
    round_questions,
    save_answer,
)
from app.surveys.texts import (
    answer_labels,
    answer_languages,
    answer_values,
    group_label,
    language_name,
    own_language_name,
    question_text,
    round_status,
    rounds_label,
)

for name, function in (
    ("survey_question_text", question_text),
    ("survey_group_label", group_label),
    ("survey_answer_values", answer_values),
    ("survey_answer_labels", answer_labels),
    ("survey_rounds_label", rounds_label),
    ("survey_round_status", round_status),
    ("survey_language_name", language_name),
    ("survey_own_language_name", own_language_name),
):
    bp.add_app_template_global(function, name)


@bp.app_template_global()
def survey_comment_form(comment):
    """The review form of one free-text answer, filled with its text; each comment's fields
    carry its id, so that the page's many forms have ids of their own."""
    return CommentForm(formdata=None, prefix=f"comment-{comment.id}", data={"text": comment.text})


@bp.app_template_global()
def survey_translation_languages():
    return TRANSLATION_LANGUAGES


@bp.app_template_global()
def survey_message_category(code):
    return MESSAGE_CATEGORY_LABELS.get(code, code)


@bp.app_template_global()
def survey_question_kind(code):
    return QUESTION_KIND_LABELS.get(code, code)


# ---------------------------------------------------------------- staff: rounds and results


@bp.route("/surveys/")
@requires("survey_results")
def index():
    page = rounds_page(current_user, request.args.get("page"))
    return render("surveys/index.html", page=page)


def _areas_in_scope():
    return list(scoped(Area, current_user).order_by(Area.name))


@bp.route("/surveys/rounds/new", methods=["GET", "POST"])
@requires("survey_manage")
def new_round():
    areas = _areas_in_scope()
    form = RoundForm(areas, today())
    if form.validate_on_submit():
        area = next(a for a in areas if a.id == form.area.data)
        try:
            survey_round = open_round(area, form.opens_on.data, form.closes_on.data, current_user)
        except SurveyRefused:  # another round was opened since the form was checked
            form.area.errors.append(str(ROUND_NOT_CLOSED))
        else:
            flash(_("The round in %(area)s is open.", area=area.name), "success")
            return see_other("surveys.results", round=survey_round.id)
    return render("surveys/new_round.html", form=form, status=422 if form.errors else 200)


@bp.route("/surveys/rounds/<int:survey_round_id>/close", methods=["POST"])
@requires("survey_manage")
def close(survey_round_id):
    survey_round = get_in_scope(SurveyRound, survey_round_id)
    if survey_round.is_open:
        close_round(survey_round, by=current_user)
        flash(_("The round is closed and its answers are counted."), "success")
    return see_other("surveys.results", round=survey_round.id)


def _shown_set():
    """The round asked for (or the latest in scope), the rounds its results are shown with
    (None while it is open or waits for more answers), and the area's closed rounds."""
    survey_round, area_rounds = rounds_for_results(current_user, request.args.get("round"))
    closed = [r for r in area_rounds if not r.is_open]
    if survey_round is None or survey_round.is_open:
        return survey_round, None, closed
    return survey_round, set_of(survey_round, closed), closed


def _results_context():
    """The results the user reads: the area's, or for municipality staff their
    municipality's alone (without a trend: the area's index is not theirs)."""
    survey_round, shown, closed = _shown_set()
    open_now = survey_round is not None and survey_round.is_open
    municipality = results_municipality(current_user)
    return {
        "survey_round": survey_round,
        "answers_so_far": answers_so_far(survey_round.id) if open_now else None,
        "results": results_of(shown, closed, municipality) if shown else None,
        "trend": trend(closed) if municipality is None else [],
    }


def _shown_results():
    """The results context, or 404 when there are no figures the user may read."""
    context = _results_context()
    if context["results"] is None or not context["results"].shown:
        abort(404)
    return context


@bp.route("/surveys/results")
@requires("survey_results")
def results():
    return render("surveys/results.html", **_results_context())


@bp.route("/surveys/summary")
@requires("survey_results")
def summary():
    return render("surveys/summary.html", **_shown_results())


@bp.route("/surveys/results.csv")
@requires("survey_results")
def export_csv():
    return _export("csv")


@bp.route("/surveys/results.xlsx")
@requires("survey_results")
def export_xlsx():
    return _export("xlsx")


def _export(extension: str):
    context = _shown_results()
    return exports.results_download(context["survey_round"], context["results"], extension)


@bp.route("/surveys/comments")
@requires("survey_moderate")
def comments():
    context = _shown_results()
    rounds = context["results"].rounds
    page = approved_comments(current_user, [r.id for r in rounds], request.args.get("page"))
    return render(
        "surveys/comments.html",
        survey_round=context["survey_round"],
        rounds=rounds,
        results=context["results"],
        page=page,
    )


# ---------------------------------------------------------------- staff: questions


@bp.route("/surveys/questions")
@requires("survey_manage")
def questions():
    query = SurveyQuestion.select().where(~SurveyQuestion.retired)
    national = query.where(SurveyQuestion.area.is_null()).order_by(SurveyQuestion.position)
    own = scoped(
        SurveyQuestion, current_user, query.select(SurveyQuestion, Area).join(Area)
    ).order_by(Area.name, SurveyQuestion.position)
    return render("surveys/questions.html", national=list(national), own=list(own))


@bp.route("/surveys/questions/new", methods=["GET", "POST"])
@requires("survey_manage")
def new_question():
    form = NewQuestionForm(_areas_in_scope(), national=current_user.role == "admin")
    if form.validate_on_submit():
        area_id = None if form.area.data == NATIONAL else form.area.data
        add_question(area_id, form.kind.data, form.texts(), by=current_user)
        flash(_("The question is added. Rounds opened from now on ask it."), "success")
        return see_other("surveys.questions")
    return render(
        "surveys/question.html", form=form, question=None, status=422 if form.errors else 200
    )


def _editable_question(survey_question_id):
    """An area's question in scope, or (administrators) a national one; never a retired
    version."""
    question = SurveyQuestion.get_or_none(
        (SurveyQuestion.id == survey_question_id) & SurveyQuestion.area.is_null()
    )
    if question is None or current_user.role != "admin":
        question = get_in_scope(SurveyQuestion, survey_question_id)
    if question.retired:
        abort(404)
    return question


@bp.route("/surveys/questions/<int:survey_question_id>", methods=["GET", "POST"])
@requires("survey_manage")
def edit_question(survey_question_id):
    question = _editable_question(survey_question_id)
    form = QuestionTextsForm(question.kind)
    if request.method == "GET":
        form.fill_from(json.loads(question.texts))
    if form.validate_on_submit():
        change_question(question, form.texts(), by=current_user)
        flash(_("The question is saved as a new version."), "success")
        return see_other("surveys.questions")
    return render(
        "surveys/question.html", form=form, question=question, status=422 if form.errors else 200
    )


@bp.route("/surveys/questions/<int:survey_question_id>/retire", methods=["POST"])
@requires("survey_manage")
def retire(survey_question_id):
    question = _editable_question(survey_question_id)
    retire_question(question, by=current_user)
    flash(_("The question is removed. Rounds opened from now on do not ask it."), "success")
    return see_other("surveys.questions")


# ---------------------------------------------------------------- staff: review and messages


@bp.route("/surveys/review")
@requires("survey_moderate")
def review():
    return render("surveys/review.html", **_review_page())


@bp.route("/surveys/comments/<int:survey_comment_id>", methods=["POST"])
@requires("survey_moderate")
def approve(survey_comment_id):
    comment = _comment_to_review(survey_comment_id)
    form = CommentForm(prefix=f"comment-{comment.id}")
    if form.validate_on_submit():
        approve_comment(comment, form.text.data.strip(), by=current_user)
        return _reviewed(comment, _("The text is approved: staff can read it now."))
    form.comment_id = comment.id
    return render(
        "surveys/review.html",
        block="comment",
        comment=comment,
        failed_form=form,
        status=422,
        **_review_page(),
    )


@bp.route("/surveys/comments/<int:survey_comment_id>/withhold", methods=["POST"])
@requires("survey_moderate")
def withhold(survey_comment_id):
    comment = _comment_to_review(survey_comment_id)
    withhold_comment(comment, by=current_user)
    return _reviewed(comment, _("The text is withheld and deleted: no one will read it."))


def _comment_to_review(survey_comment_id):
    comment = get_in_scope(SurveyComment, survey_comment_id)
    if comment.status != "new":
        abort(404)
    return comment


def _review_page():
    return {
        "page": comments_to_review(current_user, request.args.get("page")),
        "messages": messages_page(current_user, "new", 1),
    }


def _reviewed(comment, message):
    return fragment_or_redirect(
        "surveys/review.html",
        "comment",
        url_for("surveys.review"),
        message,
        comment=comment,
    )


@bp.route("/surveys/messages")
@requires("survey_moderate")
def messages():
    shown = "handled" if request.args.get("status") == "handled" else "new"
    page = messages_page(current_user, shown, request.args.get("page"))
    return render("surveys/messages.html", page=page, shown=shown)


@bp.route("/surveys/messages/<int:survey_message_id>", methods=["GET", "POST"])
@requires("survey_moderate")
def message(survey_message_id):
    survey_message = get_in_scope(
        SurveyMessage, survey_message_id, query=SurveyMessage.select(SurveyMessage, Area).join(Area)
    )
    writer = message_writer(survey_message)
    form = ReplyForm()
    if writer and form.validate_on_submit():
        reply_to(survey_message, form.text.data.strip(), by=current_user)
        flash(_("Your answer is sent. The writer sees it when they log in."), "success")
        return see_other("surveys.message", survey_message_id=survey_message.id)
    return render(
        "surveys/message.html",
        survey_message=survey_message,
        writer=writer,
        replies=replies_to(survey_message),
        form=form,
        status=422 if form.errors else 200,
    )


@bp.route("/surveys/messages/<int:survey_message_id>/handled", methods=["POST"])
@requires("survey_moderate")
def handled(survey_message_id):
    survey_message = get_in_scope(SurveyMessage, survey_message_id)
    mark_handled(survey_message, by=current_user)
    flash(_("The message is marked as handled."), "success")
    return see_other("surveys.messages")


# ---------------------------------------------------------------- a business


@bp.route("/surveys/mine")
@requires("business_self")
def mine():
    survey_round, answered = open_round_for(current_user)
    closed = closed_rounds_of_business_area(current_user)
    sets = trend(closed)
    results = results_of(sets[-1][0], closed) if sets else None
    return render(
        "surveys/mine.html",
        survey_round=survey_round,
        answered=answered,
        results=results,
        trend=sets,
    )


@bp.route("/surveys/answer", methods=["GET", "POST"])
@requires("business_self")
def answer():
    survey_round, answered = open_round_for(current_user)
    if survey_round is None or answered:
        return render("surveys/answered.html", **_answered_context(survey_round, answered))
    questions = round_questions(survey_round.id)
    languages = answer_languages(questions)
    interface = str(get_locale())
    language = request.args.get("language", interface)
    if language not in languages:  # not one the round has in full: the page's own
        language = interface
    form = answer_form(questions, language)
    if form.validate_on_submit():
        values, texts = answers_of(form, questions)
        with suppress(AlreadyAnswered):  # sent twice: the first one counts
            save_answer(survey_round, current_user, values, texts)
        return see_other("surveys.answered")
    return render(
        "surveys/answer.html",
        survey_round=survey_round,
        form=form,
        questions=questions,
        languages=languages,
        language=language,
        translated=language != interface,
        status=422 if form.errors else 200,
    )


@bp.route("/surveys/answered")
@requires("business_self")
def answered():
    return render("surveys/answered.html", **_answered_context(*open_round_for(current_user)))


def _answered_context(survey_round, has_answered) -> dict:
    """What the receipt shows: the groups this business's answers are stored in (what was
    saved, with the answers themselves), worked out again without reading any answer."""
    stored = None
    if survey_round is not None and has_answered:
        business = current_user.business
        municipality = survey_round.municipality_group(business.municipality_id)
        stored = {
            "site_type": survey_round.site_type_group(business.site_type),
            "municipality_label": group_label(
                "municipality", municipality, {business.municipality_id: business.municipality.name}
            ),
        }
    return {"survey_round": survey_round, "answered": has_answered, "stored": stored}


@bp.route("/surveys/dialogue", methods=["GET", "POST"])
@requires("business_self")
def dialogue():
    form = MessageForm()
    if form.validate_on_submit():
        send_message(
            current_user, form.category.data, form.text.data.strip(), form.wants_contact.data
        )
        if form.wants_contact.data:
            flash(_("Your message is sent. You will find the answer here."), "success")
        else:
            flash(_("Your message is sent, without a link to you."), "success")
        return see_other("surveys.dialogue")
    return render(
        "surveys/dialogue.html",
        form=form,
        messages=own_messages(current_user),
        status=422 if form.errors else 200,
    )
