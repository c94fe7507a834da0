from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import bp
from app.accounts.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, NewPasswordForm
from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.accounts.services import (
    authenticate,
    issue_token,
    normalise_email,
    set_password,
    use_token,
    valid_token,
)
from app.audit.models import record
from app.htmx import render, see_other
from app.mail import queue_mail
from app.security import limiter, safe_next

LOGIN_LIMIT = "10 per minute; 60 per hour"
MAIL_LIMIT = "5 per 15 minutes"


def start_session(user: User) -> None:
    """Fresh session token and data for a newly authenticated user."""
    session.rotate()
    language = session.get("lang")  # chosen on the login page: it wins over the stored one
    if language and language != user.language:
        user.language = language
        user.save(only=["language"])
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            if user.is_staff:
                record("login", actor=user.id)
            return redirect(safe_next(request.args.get("next")) or url_for("pages.home"), code=303)
        form.password.errors.append(
            _(
                "Wrong email or password. After several failed attempts, logging in is paused "
                "for a few minutes."
            )
        )
    if form.errors:
        status = 422
    return render("accounts/login.html", form=form, status=status)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    session.rotate()
    flash(_("You are logged out."), "success")
    return see_other("accounts.login")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = User.get_or_none(User.email == normalise_email(form.email.data))
        if user is not None and user.is_active:
            token = issue_token(user, "reset")
            queue_mail(
                user.email,
                "reset_password",
                user.language,
                link=url_for("accounts.reset_password", token=token, _external=False),
            )
        # The same answer whether or not the address has an account.
        flash(
            _(
                "If the address has an account, a link to choose a new password is on its way. "
                "It works for 30 minutes."
            ),
            "success",
        )
        return see_other("accounts.login")
    return render("accounts/forgot.html", form=form, status=422 if form.errors else 200)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def reset_password(token):
    return _choose_password(token, "reset", _("Your new password is saved. Log in with it."))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def accept_invitation(token):
    return _choose_password(
        token, "invite", _("Your password is saved. Welcome – log in with your email and password.")
    )


def _choose_password(token, purpose, done_message):
    """Set a password with a single-use link (reset or invitation), then log in afresh."""
    token_row = valid_token(token, purpose)
    if token_row is None:
        return render("accounts/token_invalid.html", purpose=purpose, status=404)
    form = NewPasswordForm()
    form.email = token_row.user.email
    if form.validate_on_submit():
        if use_token(token_row, form.password.data):
            if current_user.is_authenticated:
                logout_user()
                session.rotate()
            flash(done_message, "success")
            return see_other("accounts.login")
        return render("accounts/token_invalid.html", purpose=purpose, status=404)
    return render(
        "accounts/set_password.html",
        form=form,
        purpose=purpose,
        email=token_row.user.email,
        status=422 if form.errors else 200,
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    form.email = current_user.email
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.current.data):
            set_password(current_user, form.password.data)
            if current_user.is_staff:
                record("password_changed", current_user)
            user = User.get_by_id(current_user.id)
            start_session(user)
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return see_other("pages.home")
        form.current.errors.append(_("The current password is not right."))
    return render("accounts/change_password.html", form=form, status=422 if form.errors else 200)
