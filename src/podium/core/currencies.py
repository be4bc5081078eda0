"""Currencies a contract can be valued in: the ISO 4217 alphabetic codes of money in use.

The list is ISO 4217 List One (current currencies, as the maintenance agency SIX published it
in 2025) without the fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious metals
(XAG, XAU, XPD, XPT), bond-market units (XBA…XBD), SDR and SUCRE (XDR, XSU, XUA) and the testing
and "no currency" codes (XTS, XXX): nobody is paid in those. Codes withdrawn in the years before
(HRK, SLL, ZWL, ANG, CUC) are left out; record such a contract in its successor currency.
Update the set when ISO amends the list.
"""

from __future__ import annotations

_CODES = """
    AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
    BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL
    GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF
    KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN
    MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD
    SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH
    UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
"""
ISO_4217 = frozenset(_CODES.split())


def currency_problem(code: str) -> str | None:
    """None for a currency of `ISO_4217`, else the sentence that says why not.

    >>> currency_problem("EUR") is None
    True
    >>> currency_problem("eur")
    "'eur' is not an ISO 4217 currency code (did you mean 'EUR'?)"
    >>> currency_problem("XAU")
    "'XAU' is not an ISO 4217 currency code such as EUR, USD or GBP"
    """
    if code in ISO_4217:
        return None
    shown = repr(code) if len(code) <= 12 else repr(code[:12] + "…")
    if code.strip().upper() in ISO_4217:
        return f"{shown} is not an ISO 4217 currency code (did you mean {code.strip().upper()!r}?)"
    return f"{shown} is not an ISO 4217 currency code such as EUR, USD or GBP"
