"""German texts of django-allauth, in the Sie form.

allauth's German catalog speaks to people informally ("Du hast noch kein Konto?",
"Bestätige deine E-Mail-Adresse", "Gib … ein"). The Familienrathaus speaks to people as "Sie".
Listing allauth's msgids here with ``gettext_noop`` makes ``makemessages`` put them into our
own catalog (familienrathaus/locale), and because ``LOCALE_PATHS`` takes precedence over the
catalogs of installed apps, our Sie-form translation wins over allauth's.

Only the entries whose German text in allauth uses du/dich/dir/dein… or an informal imperative
are listed (account, mfa, usersessions and allauth's shared templates; socialaccount, the OIDC
provider and headless are not used here). Each msgid must match allauth's byte for byte, so
copy it from allauth's .po file; long ones are split by implicit string concatenation, which
``makemessages`` joins again.

``gettext_noop`` is used under its own name on purpose: ``makemessages`` only recognises the
names it passes to xgettext (``gettext_noop``, ``gettext_lazy``, ``_`` …), so an alias such as
``_noop`` would silently not be extracted. Django has no ``ngettext_noop``; should a plural
entry ever need the Sie form, list it as ``ngettext_lazy(singular, plural)``, which
``makemessages`` extracts with both forms. (None of allauth's two plural entries needs it.)

After a change to allauth's texts: run ``makemessages`` and fill in the German.
This module is never imported; it exists for ``makemessages`` only.
"""

from django.utils.translation import gettext_noop

MSGIDS: tuple[str, ...] = (
    # account
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Username can not be used. Please use other username."),
    gettext_noop("Please select only one."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("You must type the same email each time."),
    # templates/account
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop(
        "You are receiving this email because you or someone else tried to signup for an\n"
        "account using email address:\n"
        "\n"
        "%(email)s\n"
        "\n"
        "However, an account using that email address already exists.  In case you have\n"
        "forgotten about this, please use the password forgotten procedure to recover\n"
        "your account:\n"
        "\n"
        "%(password_reset_url)s"
    ),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Your password has been changed."),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a "
        "password reset for your user account.\n"
        "It can be safely ignored if you did not request a password reset. Click the "
        "link below to reset your password."
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    gettext_noop("Your email address is still pending verification."),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email '
        "address for user %(user_display)s."
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please "
        '<a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("You have signed out."),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you "
        "an email allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your "
        "spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been "
        'used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("Your phone number is still pending verification."),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop(
        "You currently do not have any email address set up. You should really add "
        "an email address so you can receive notifications, reset your password, etc."
    ),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to "
        "finalize the signup process. If you do not see the verification email in "
        "your main inbox, check your spam folder. Please contact us if you do not "
        "receive the verification email within a few minutes."
    ),
    gettext_noop(
        "This part of the site requires us to verify that\n"
        "you are who you claim to be. For this purpose, we require that you\n"
        "verify ownership of your email address. "
    ),
    gettext_noop(
        "We have sent an email to you for\n"
        "verification. Please click on the link inside that email. If you do not see "
        "the verification email in your main inbox, check your spam folder. Otherwise\n"
        "contact us if you do not receive it within a few minutes."
    ),
    gettext_noop(
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change your '
        "email address</a>."
    ),
    # templates/mfa
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
)
