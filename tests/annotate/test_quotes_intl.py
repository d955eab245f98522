from __future__ import annotations

from newsdesk.annotate.aliases import load_aliases
from newsdesk.annotate.entities import EntityRegistry, LocalEntity
from newsdesk.annotate.quotes_intl import find_quotes_intl
from newsdesk.records import Article, Quote, content_id


def _quotes(text: str, lang: str, known: tuple[str, ...] = ()) -> list[Quote]:
    registry = EntityRegistry(load_aliases(None))
    for name in known:  # people the store already knows from other reports
        loc = LocalEntity(name, "PERSON")
        loc.counts[name] = 1
        registry.resolve(loc)
    article = Article(id=content_id(text), document_id="d", source="inline", text=text,
                      text_hash=content_id(text), lang=lang)
    return find_quotes_intl(article, registry)


def _speaker(quotes: list[Quote], words: str) -> str | None:
    found = [q for q in quotes if words in q.text]
    assert len(found) == 1, (words, found)
    return found[0].speaker


def test_quotes_intl_spanish_speaker_after_the_verb_resolves_to_known_person() -> None:
    quotes = _quotes("«Creemos que el puente volverá a abrir en otoño», dijo en una rueda de prensa "
                     "el ingeniero Tomas Ekberg, director del puerto.", "es", known=("Tomas L. Ekberg",))
    assert _speaker(quotes, "volverá a abrir") == "Tomas L. Ekberg"


def test_quotes_intl_french_speaker_before_the_quote_and_dash_quote() -> None:
    text = ("Norvikair a indiqué ce matin « qu'elle devait suspendre la plupart de ses rotations ».\n"
            "– Vu les heures passées, les chances de les retrouver sont faibles, estime Paul Hendry.")
    quotes = _quotes(text, "fr")
    assert _speaker(quotes, "suspendre la plupart") == "Norvikair"
    assert _speaker(quotes, "chances de les retrouver") == "Paul Hendry"


def test_quotes_intl_german_quote_marks_and_subjunctive_report() -> None:
    text = ("„Der Anteil der Geräte war gering, die Folgen aber weltweit spürbar“, schrieb Oyelaran.\n"
            "Es gebe keine Hinweise auf einen Anschlag, sagte der Gouverneur von Estmark, Brandt.")
    quotes = _quotes(text, "de")
    assert _speaker(quotes, "Folgen aber weltweit") == "Oyelaran"
    report = [q for q in quotes if q.kind == "reported"]
    assert len(report) == 1 and report[0].speaker == "Brandt"
    assert report[0].text.startswith("Es gebe keine Hinweise")


def test_quotes_intl_reported_speech_with_that_clause() -> None:
    quotes = _quotes("Devant les journalistes, Rosa Villeneuve avait ajouté que les premières "
                     "constatations allaient dans le sens d'une panne.", "fr")
    assert _speaker(quotes, "premières constatations") == "Rosa Villeneuve"


def test_quotes_intl_no_speaker_from_titles_places_or_sentence_openers() -> None:
    text = ("« Toute la jetée a cédé », a déclaré un agent.\n"
            "Le gouverneur de l'Etat du Vermont a déclaré que l'espoir de trouver des "
            "survivants était perdu.\n"
            "Se dijeron que las tareas de rescate ya no tenían sentido.")
    quotes = _quotes(text, "fr")
    assert all(q.speaker is None for q in quotes)


def test_quotes_intl_only_its_languages() -> None:
    assert _quotes('"We will rebuild the bridge," said Paul Hendry.', "en") == []


def test_quotes_intl_a_speaker_described_not_named() -> None:
    text = ("« Toute la jetée est tombée », a déclaré un gardien affolé. « Tout le monde, absolument "
            "tout le monde, est tombé à l'eau. »")
    quotes = _quotes(text, "fr")
    assert [(q.speaker, q.speaker_description) for q in quotes] == [(None, "un gardien affolé")] * 2
    found = _quotes("„Wir bauen die Brücke wieder auf“, sagte ein Sprecher der Hafenbehörde.", "de")
    assert [q.speaker_description for q in found] == ["ein Sprecher der Hafenbehörde"]
    found = _quotes("«El muelle cedió en pocos segundos», dijo el portavoz del puerto, que pidió calma.",
                    "es")
    assert [q.speaker_description for q in found] == ["el portavoz del puerto"]
    # a name wins; a date after the verb or a long clause is no description
    found = _quotes("« Le quai a cédé en quelques secondes », a déclaré la présidente, Rosa Villeneuve.",
                    "fr")
    assert [(q.speaker, q.speaker_description) for q in found] == [("Rosa Villeneuve", None)]
    found = _quotes("« Le quai a cédé en quelques secondes », a déclaré le 3 mars le maire.", "fr")
    assert [q.speaker_description for q in found] == [None]
    found = _quotes("« Le quai a cédé en quelques secondes », a dit le maire à la presse locale ce matin-là "
                    "après une longue réunion du conseil.", "fr")
    assert [q.speaker_description for q in found] == [None]


def test_quotes_intl_a_pronoun_or_a_dropped_subject_is_the_person_just_named() -> None:
    german = _quotes("„Wir suchen weiter, bis alle gefunden sind“, sagte die Kommandantin der Küstenwache, "
                     "Ilse Varga.\n\nInnenminister Tomas Ekberg kündigte eine Untersuchung an. „Die "
                     "Verantwortlichen werden zur Rechenschaft gezogen“, sagte er.", "de")
    assert _speaker(german, "Rechenschaft") == "Tomas Ekberg"
    french = _quotes("Le ministre, Tomas Ekberg, s'est rendu au port. « Les responsables devront rendre "
                     "des comptes », a-t-il déclaré.\n\n« Nous chercherons jusqu'au bout », a affirmé "
                     "Ilse Varga. « L'eau était glaciale cette nuit-là », estime-t-elle.", "fr")
    assert _speaker(french, "rendre des comptes") == "Tomas Ekberg"
    assert _speaker(french, "glaciale") == "Ilse Varga"
    spanish = _quotes("El ministro Tomas Ekberg visitó el puerto el domingo. «Los responsables rendirán "
                      "cuentas ante la justicia», dijo.", "es")
    assert _speaker(spanish, "rendirán cuentas") == "Tomas Ekberg"
    # a pronoun with nobody named before it stays without a speaker
    alone = _quotes("„Die Verantwortlichen werden zur Rechenschaft gezogen“, sagte er.", "de")
    assert _speaker(alone, "Rechenschaft") is None


def test_quotes_intl_a_short_remark_with_its_speaker_named_after_it() -> None:
    (q,) = _quotes("„Jede Stunde zählt“, sagte Tomas Ekberg, der Leiter der Feuerwehr.", "de")
    assert q.text == "Jede Stunde zählt" and q.speaker == "Tomas Ekberg"
    (q,) = _quotes("« Chaque heure compte », a déclaré Ilse Varga.", "fr")
    assert q.speaker == "Ilse Varga"
    # a few words in marks with no one named saying them: a term
    assert _quotes("Der Minister sprach von einer „großen Gefahr“ für das Land.", "de") == []
    # one word, its speaker named right after it
    (q,) = _quotes("« Absurde », a répondu le porte-parole, Tomas Ekberg.", "fr")
    assert q.text == "Absurde" and q.speaker == "Tomas Ekberg"
    # whoever "called them" so, not the last speaker
    quotes = _quotes("„Das ist gefährlich“, sagte Ilse Varga am Dienstag.\n"
                     "Der Sprecher Tomas Ekberg nannte die Vorwürfe „absurd und unbegründet“.", "de")
    assert [(q.text, q.speaker) for q in quotes] == [("Das ist gefährlich", "Ilse Varga"),
                                                     ("absurd und unbegründet", "Tomas Ekberg")]
