"""A device as people recognise it in their session list ("Firefox, Android"), from the user
agent alone: the portal keeps no network address, so it shows no place either."""

import re

# First match wins: Edge and Opera say "Chrome" too, Chrome says "Safari", Chrome on iOS "CriOS".
BROWSERS = (
    ("Edge", r"\bEdgA?/|\bEdgiOS/"),
    ("Opera", r"\bOPR/|\bOPiOS/"),
    ("Samsung Internet", r"\bSamsungBrowser/"),
    ("Firefox", r"\bFirefox/|\bFxiOS/"),
    ("Chrome", r"\bChrome/|\bCriOS/|\bChromium/"),
    ("Safari", r"\bSafari/"),
)
SYSTEMS = (
    ("iPhone", r"\biPhone\b"),
    ("iPad", r"\biPad\b"),
    ("Android", r"\bAndroid\b"),
    ("Windows", r"\bWindows\b"),
    ("ChromeOS", r"\bCrOS\b"),
    ("Mac", r"\bMacintosh\b|\bMac OS X\b"),
    ("Linux", r"\bLinux\b"),
)
MAX_LENGTH = 60


def _first(patterns, text: str) -> str:
    return next((name for name, pattern in patterns if re.search(pattern, text)), "")


def describe(user_agent: str) -> str:
    """ "Firefox, Android", "Safari, iPhone", "Chrome", or "" when nothing is recognised (names
    only, the same in every language)."""
    text = (user_agent or "")[:500]
    names = [_first(BROWSERS, text), _first(SYSTEMS, text)]
    return ", ".join(name for name in names if name)[:MAX_LENGTH]
