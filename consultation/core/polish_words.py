"""Polish words for search, worked out the same way on SQLite and PostgreSQL.

Polish inflects: "podmiot" is also "podmiotu", "podmiotów", "podmiotami"… A word is searched by its
lemma (simplemma's Polish dictionary: "ekonomii społecznej" → "ekonomia społeczny") and by the form
as written, both folded to plain letters ("społeczny" → "spoleczny") so that a query typed without
Polish letters still finds the text; and by the stems of both (`stem`), for the forms the dictionary
lacks. A text is stored as the space-separated set of those terms
(`index_terms`), which PostgreSQL indexes as a 'simple' tsvector and SQLite searches with LIKE; the
query's words become alternatives (`query_terms`) that must all be found.

Why not PostgreSQL's own configuration: it ships no Polish stemmer, and an ispell dictionary
(hunspell-pl) must be copied onto the database server and is loaded again by every connection, and the
SQLite demo could not share it. simplemma's frugal backend costs about 60 MB and 2 s once per process.
"""

import re
import unicodedata
from functools import lru_cache

# Letters and digits: an underscore or any other mark separates words, as PostgreSQL's parser does.
WORD = re.compile(r"[^\W_]+")
# A term longer than any Polish word is a pasted identifier or garbage: kept, but cut for the index.
LONGEST_TERM = 60
# Words too common to mean anything in a query: conjunctions, prepositions, pronouns, particles.
STOP_WORDS = frozenset("""
a aby ale albo ani aż bez bo by być był była było były być co czy czyli dla do gdy gdzie go i ich ie
im in iż ja jak jako je jego jej jest jestem jeszcze jeśli jeżeli już ku lub ma mi mu na nad nam nas
nawet nie nich nim niż o od oraz po pod przed przez przy sa się są ta tak także tam te tego tej ten
też to tu tych tylko tym u w we więc z za ze że żeby
""".split())
FOLDED = str.maketrans({"ł": "l", "Ł": "l"})
# Inflectional endings of nouns and adjectives (folded), longest first: the dictionary does not know every
# form ("gmin", "seniora", "socjalnej"), and a word cut of its ending still meets its other forms.
ENDINGS = sorted("""
owego owemu owymi owych ami ach ego emu ych ich ymi imi iem owi ow om em ej ym im ia ie iu ii a e i o u y
""".split(), key=len, reverse=True)
SHORTEST_STEM = 4


def fold(word):
    """Lower-cased, without diacritics: "Łódź" → "lodz"."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(FOLDED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=1)
def _lemmatize():
    import simplemma  # noqa: PLC0415 - loads its Polish dictionary, so only when a word is first analysed

    return lambda word: simplemma.lemmatize(word, lang="pl", low_memory=True)


def stem(folded):
    """A folded word without its inflectional ending, when enough of it is left: "spoldzielniami" →
    "spoldzielni"."""
    for ending in ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= SHORTEST_STEM:
            return folded[: -len(ending)]
    return folded


def preload():
    """Load the dictionary now (an app server at start, wsgi.py): not during the first request that
    analyses a word, which would wait about 2 s."""
    terms_of("podmiot")


@lru_cache(maxsize=50_000)
def terms_of(word):
    """The terms one written word is found by: its folded lemma and its folded form, and the stems of
    both (`stem`); lemma first, each once."""
    lower = word.lower()[:LONGEST_TERM]
    lemma = fold(_lemmatize()(lower))[:LONGEST_TERM]
    form = fold(lower)
    return tuple(dict.fromkeys((lemma, form, stem(lemma), stem(form))))


def words_of(text):
    return WORD.findall(text or "")


def index_terms(*texts):
    """What a stored search column holds: every term of the texts once, sorted, between spaces, so
    that " term " is found by a LIKE as well as by a tsvector."""
    terms = {term for text in texts for word in words_of(text) for term in terms_of(word)}
    return f" {' '.join(sorted(terms))} " if terms else ""


def query_terms(query):
    """The query's words, each as the tuple of terms any of which finds it; stop words left out unless
    the query has nothing else. Repeated words count once."""
    words = words_of(query)
    meaningful = [word for word in words if word.lower() not in STOP_WORDS] or words
    alternatives = []
    for word in meaningful:
        terms = terms_of(word)
        if terms not in alternatives:
            alternatives.append(terms)
    return alternatives


def matching_spans(text, alternatives):
    """Where the words of `text` that a query's terms find are: a list of (start, end)."""
    wanted = {term for terms in alternatives for term in terms}
    return [match.span() for match in WORD.finditer(text or "")
            if wanted.intersection(terms_of(match.group()))]
