"""ISO 639-1 two-letter language codes (all 183), for the plan's ``languages``."""

ISO_639_1: frozenset[str] = frozenset(
    [
        "aa",
        "ab",
        "ae",
        "af",
        "ak",
        "am",
        "an",
        "ar",
        "as",
        "av",
        "ay",
        "az",
        "ba",
        "be",
        "bg",
        "bi",
        "bm",
        "bn",
        "bo",
        "br",
        "bs",
        "ca",
        "ce",
        "ch",
        "co",
        "cr",
        "cs",
        "cu",
        "cv",
        "cy",
        "da",
        "de",
        "dv",
        "dz",
        "ee",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "ff",
        "fi",
        "fj",
        "fo",
        "fr",
        "fy",
        "ga",
        "gd",
        "gl",
        "gn",
        "gu",
        "gv",
        "ha",
        "he",
        "hi",
        "ho",
        "hr",
        "ht",
        "hu",
        "hy",
        "hz",
        "ia",
        "id",
        "ie",
        "ig",
        "ii",
        "ik",
        "io",
        "is",
        "it",
        "iu",
        "ja",
        "jv",
        "ka",
        "kg",
        "ki",
        "kj",
        "kk",
        "kl",
        "km",
        "kn",
        "ko",
        "kr",
        "ks",
        "ku",
        "kv",
        "kw",
        "ky",
        "la",
        "lb",
        "lg",
        "li",
        "ln",
        "lo",
        "lt",
        "lu",
        "lv",
        "mg",
        "mh",
        "mi",
        "mk",
        "ml",
        "mn",
        "mr",
        "ms",
        "mt",
        "my",
        "na",
        "nb",
        "nd",
        "ne",
        "ng",
        "nl",
        "nn",
        "no",
        "nr",
        "nv",
        "ny",
        "oc",
        "oj",
        "om",
        "or",
        "os",
        "pa",
        "pi",
        "pl",
        "ps",
        "pt",
        "qu",
        "rm",
        "rn",
        "ro",
        "ru",
        "rw",
        "sa",
        "sc",
        "sd",
        "se",
        "sg",
        "si",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sq",
        "sr",
        "ss",
        "st",
        "su",
        "sv",
        "sw",
        "ta",
        "te",
        "tg",
        "th",
        "ti",
        "tk",
        "tl",
        "tn",
        "to",
        "tr",
        "ts",
        "tt",
        "tw",
        "ty",
        "ug",
        "uk",
        "ur",
        "uz",
        "ve",
        "vi",
        "vo",
        "wa",
        "wo",
        "xh",
        "yi",
        "yo",
        "za",
        "zh",
        "zu",
    ]
)

_NAMES = """
aa Afar|ab Abkhazian|ae Avestan|af Afrikaans|ak Akan|am Amharic|an Aragonese|ar Arabic
as Assamese|av Avaric|ay Aymara|az Azerbaijani|ba Bashkir|be Belarusian|bg Bulgarian
bi Bislama|bm Bambara|bn Bengali, Bangla|bo Tibetan|br Breton|bs Bosnian|ca Catalan
ce Chechen|ch Chamorro|co Corsican|cr Cree|cs Czech, Čeština|cu Church Slavonic|cv Chuvash
cy Welsh|da Danish, Dansk|de German, Deutsch|dv Divehi, Maldivian|dz Dzongkha|ee Ewe
el Greek|en English|eo Esperanto|es Spanish, Español, Castilian|et Estonian, Eesti
eu Basque, Euskara|fa Persian, Farsi|ff Fula, Fulah|fi Finnish, Suomi|fj Fijian
fo Faroese|fr French, Français|fy Western Frisian, Frisian|ga Irish, Gaeilge
gd Scottish Gaelic, Gaelic|gl Galician|gn Guarani|gu Gujarati|gv Manx|ha Hausa
he Hebrew|hi Hindi|ho Hiri Motu|hr Croatian, Hrvatski|ht Haitian Creole, Haitian
hu Hungarian, Magyar|hy Armenian|hz Herero|ia Interlingua|id Indonesian|ie Interlingue
ig Igbo|ii Nuosu, Sichuan Yi|ik Inupiaq|io Ido|is Icelandic|it Italian, Italiano
iu Inuktitut|ja Japanese|jv Javanese|ka Georgian|kg Kongo|ki Kikuyu|kj Kwanyama
kk Kazakh|kl Greenlandic, Kalaallisut|km Khmer|kn Kannada|ko Korean|kr Kanuri
ks Kashmiri|ku Kurdish|kv Komi|kw Cornish|ky Kyrgyz|la Latin|lb Luxembourgish
lg Ganda, Luganda|li Limburgish|ln Lingala|lo Lao|lt Lithuanian, Lietuvių|lu Luba-Katanga
lv Latvian, Latviešu|mg Malagasy|mh Marshallese|mi Maori|mk Macedonian|ml Malayalam
mn Mongolian|mr Marathi|ms Malay|mt Maltese|my Burmese|na Nauru|nb Norwegian Bokmål, Bokmål
nd North Ndebele|ne Nepali|ng Ndonga|nl Dutch, Nederlands, Flemish|nn Norwegian Nynorsk, Nynorsk
no Norwegian, Norsk|nr South Ndebele|nv Navajo|ny Chichewa, Nyanja|oc Occitan|oj Ojibwe
om Oromo|or Odia, Oriya|os Ossetian|pa Punjabi|pi Pali|pl Polish, Polski|ps Pashto
pt Portuguese, Português|qu Quechua|rm Romansh|rn Kirundi|ro Romanian, Română, Moldovan
ru Russian, Русский|rw Kinyarwanda|sa Sanskrit|sc Sardinian|sd Sindhi|se Northern Sami, Sami
sg Sango|si Sinhala|sk Slovak, Slovenčina|sl Slovenian, Slovene, Slovenščina|sm Samoan
sn Shona|so Somali|sq Albanian, Shqip|sr Serbian, Srpski|ss Swati|st Sotho, Sesotho
su Sundanese|sv Swedish, Svenska|sw Swahili|ta Tamil|te Telugu|tg Tajik|th Thai
ti Tigrinya|tk Turkmen|tl Tagalog, Filipino|tn Tswana|to Tongan|tr Turkish, Türkçe
ts Tsonga|tt Tatar|tw Twi|ty Tahitian|ug Uyghur|uk Ukrainian, Українська|ur Urdu
uz Uzbek|ve Venda|vi Vietnamese|vo Volapük|wa Walloon|wo Wolof|xh Xhosa|yi Yiddish
yo Yoruba|za Zhuang|zh Chinese, Mandarin|zu Zulu
"""


def _names() -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in _NAMES.replace("\n", "|").split("|"):
        if entry.strip():
            code, names = entry.strip().split(" ", 1)
            for name in names.split(", "):
                found[name.casefold()] = code
    return found


LANGUAGE_NAMES: dict[str, str] = _names()
"""A language's English name (and, for some, its own name) in lower case → its ISO 639-1
code: for "did you mean" when a plan writes ``English`` where ``en`` belongs."""
