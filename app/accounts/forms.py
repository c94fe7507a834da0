from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, Length, ValidationError

from app.accounts.passwords import MAX_LENGTH, password_problem
from app.forms import Form, email_field, required


class LoginForm(Form):
    email = EmailField(
        _l("Email"),
        validators=[required(_l("Fill in your email address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[required(_l("Fill in your password.")), Length(max=MAX_LENGTH)],
    )


class ForgotPasswordForm(Form):
    email = email_field(_l("Email"), message=_l("Fill in your email address."))


class NewPasswordForm(Form):
    """Choose a new password; `email` (set by the view) is checked against it."""

    password = PasswordField(
        _l("New password"), validators=[required(_l("Choose a new password."))]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            required(_l("Type the new password again.")),
            EqualTo("password", message=_l("The passwords do not match.")),
        ],
    )
    email = ""

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.email)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Current password"),
        validators=[required(_l("Fill in your current password.")), Length(max=MAX_LENGTH)],
    )


# A recovery code is 16 characters; written in groups with dashes or spaces it is longer.
CODE_MAX_LENGTH = 40


class CodeForm(Form):
    code = StringField(
        _l("Six-digit code from your authenticator app"),
        validators=[required(_l("Fill in the code from the app.")), Length(max=CODE_MAX_LENGTH)],
    )


class ConfirmIdentityForm(Form):
    """The password again, and the code when the account has two-factor authentication
    (`needs_code`, set by the view)."""

    password = PasswordField(
        _l("Your password"),
        validators=[required(_l("Fill in your password.")), Length(max=MAX_LENGTH)],
    )
    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[Length(max=CODE_MAX_LENGTH)],
    )
    needs_code = False

    def validate_code(self, field):
        if self.needs_code and not field.data.strip():
            raise ValidationError(_l("Fill in the code from the app, or a recovery code."))


class ChangeEmailForm(Form):
    """A new address for the account; `current` (set by the view) is the one it has."""

    email = email_field(_l("New email address"), message=_l("Fill in the new email address."))
    current = ""

    def validate_email(self, field):
        if field.data.strip().lower() == self.current:
            raise ValidationError(_l("That is already the address of your account."))
