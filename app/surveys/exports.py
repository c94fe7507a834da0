"""The results of a set of rounds as a spreadsheet (CSV or XLSX): only what the results page
shows, one figure per row, so that a spreadsheet program can sort and filter it."""

from flask_babel import format_date
from flask_babel import gettext as _

from app.exports import csv_response, xlsx_response
from app.surveys.texts import (
    answer_labels,
    answer_values,
    group_label,
    question_text,
    rounds_label,
)


def results_rows(results) -> list[list]:
    """[part, group, question, answer, figure] rows."""
    everyone = _("All answers")
    rows = [
        [everyone, "", "", _("Answers"), results.total.answers],
        [everyone, "", "", _("Businesses that answered"), results.total.businesses],
        [everyone, "", "", _("Response rate, per cent"), _percent(results.response_rate)],
        [everyone, "", "", _("Safety index (0–100)"), results.index],
    ]
    for question in results.questions:
        counts = results.overall.distribution(question.id, answer_values(question))
        for label, count in zip(answer_labels(question), counts, strict=True):
            rows.append([everyone, "", question_text(question), label, count])
        rows.extend(_key_figures(everyone, "", question, results.overall))
    for part, dimension, breakdown in (
        (_("By municipality"), "municipality", results.by_municipality),
        (_("By type of site"), "site_type", results.by_site_type),
    ):
        for key, count, figures in breakdown or ():
            group = group_label(dimension, key, results.municipality_names)
            rows.append([part, group, "", _("Answers"), count.answers])
            rows.append(
                [part, group, "", _("Safety index (0–100)"), figures.index(results.index_ids)]
            )
            for question in results.questions:
                rows.extend(_key_figures(part, group, question, figures))
    part = _("By municipality, over several rounds")
    for place in results.pooled_places:
        group = "{} ({})".format(
            group_label("municipality", place.key, results.municipality_names),
            rounds_label(place.rounds),
        )
        rows.append([part, group, "", _("Answers"), place.count.answers])
        rows.append(
            [part, group, "", _("Safety index (0–100)"), place.figures.index(results.index_ids)]
        )
        for question in results.questions:
            rows.extend(_key_figures(part, group, question, place.figures))
    return rows


def _key_figures(part, group, question, figures) -> list[list]:
    if question.kind == "likert":
        return [
            [
                part,
                group,
                question_text(question),
                _("Mean (1–5)"),
                _rounded(figures.mean(question.id)),
            ]
        ]
    if question.kind == "yes_no":
        share = _percent(figures.share_yes(question.id))
        return [[part, group, question_text(question), _("Share yes, per cent"), share]]
    return []


def _percent(share):
    return None if share is None else round(100 * share, 1)


def _rounded(value):
    return None if value is None else round(value, 2)


def results_download(survey_round, results, extension: str):
    title = _(
        "Safety survey %(area)s %(date)s",
        area=results.municipality_name or survey_round.area.name,
        date=format_date(results.rounds[-1].closes_on, "yyyy-MM-dd"),
    )
    header = [_("Part"), _("Group"), _("Question"), _("Answer or figure"), _("Value")]
    rows = results_rows(results)
    if extension == "csv":
        return csv_response(title, header, rows)
    return xlsx_response(title, _("Results"), header, rows)
