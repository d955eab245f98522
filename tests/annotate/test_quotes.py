from __future__ import annotations

from newsdesk.annotate.aliases import load_aliases
from newsdesk.annotate.entities import EntityRegistry, annotate_entities
from newsdesk.annotate.parse import parse_articles
from newsdesk.annotate.quote_syntax import quote_spans
from newsdesk.annotate.quotes import find_quotes
from newsdesk.records import Article, Quote, content_id


def _quotes(text: str) -> list[Quote]:
    article = Article(id=content_id(text), document_id="d", source="inline", text=text,
                      text_hash=content_id(text), lang="en")
    aliases = load_aliases(None)
    registry = EntityRegistry(aliases)
    (parsed,) = parse_articles([article])
    return find_quotes(parsed, annotate_entities(parsed, aliases, registry), registry)


def test_quotes_spans_straight_curly_and_open() -> None:
    text = 'He said “one” and "two". "Three runs on'
    assert [text[s.start:s.end] for s in quote_spans(text)] == ["one", "two", "Three runs on"]


def test_quotes_split_quote_one_speaker() -> None:
    quotes = _quotes('"We will not accept this," Prime Minister Jane Holloway said, '
                     '"and we will respond in kind."')
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 2
    assert {q.speaker for q in direct} == {"Jane Holloway"}
    assert {q.cue for q in direct} == {"said"}


def test_quotes_multi_sentence_continuation() -> None:
    quotes = _quotes('"This is a disturbing action," Lammy said. "It is a significant '
                     'escalation and we are coordinating."')
    esc = [q for q in quotes if "significant escalation" in q.text]
    assert esc and esc[0].speaker == "Lammy"


def test_quotes_description_resolves_to_person_with_role() -> None:
    quotes = _quotes("Foreign Minister Anna Berg met her counterpart on Monday.\n"
                     "The talks were difficult, the minister said.")
    said = [q for q in quotes if q.cue == "said"]
    assert said and said[0].speaker == "Anna Berg" and said[0].kind == "reported"


def test_quotes_according_to() -> None:
    quotes = _quotes("According to Jane Holloway, the army withdrew from the town.")
    acc = [q for q in quotes if q.cue == "according to"]
    assert acc and acc[0].speaker == "Jane Holloway"
    assert acc[0].text == "the army withdrew from the town"


def test_quotes_scare_quotes_without_speaker_dropped() -> None:
    assert _quotes('The so-called "reform" passed on Friday.') == []


def test_quotes_introduced_by_a_colon_paragraph() -> None:
    quotes = _quotes("Senator Maria Olsen answered the critics on Friday. She continued:\n"
                     "\u201cWe will not give up on this bill, whatever the polls say.\u201d")
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Maria Olsen"
    assert direct[0].cue == "continued"


def test_quotes_name_and_outlet_before_colon() -> None:
    quotes = _quotes('Howard Kurtz, Fox News: "Trump had his strongest debate here, '
                     'and it was a close contest."')
    assert quotes and quotes[0].speaker == "Howard Kurtz"


def test_quotes_mixed_marks_close_the_quote() -> None:
    text = '“Immunity deals should not be required," Chairman Jason Chaffetz said on Friday.'
    assert [text[s.start:s.end] for s in quote_spans(text)] == [
        "Immunity deals should not be required,"]
    direct = [q for q in _quotes(text) if q.kind == "direct"]
    assert direct and direct[0].speaker == "Jason Chaffetz" and direct[0].cue == "said"


def test_quotes_subject_inside_the_quote_is_not_the_speaker() -> None:
    quotes = _quotes('"He would be a great senator. One of the brightest members of the '
                     'Congress," Rep. Elijah Cummings said in an interview.')
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Elijah Cummings"


def test_quotes_signed_with_a_dash() -> None:
    quotes = _quotes("Readers wrote to us about the debate.\n"
                     "\u201cHe is ignorant of our culture and our lives.\u201d \u2015 Pamela Padilla\n"
                     "\u201cMaybe we can build a wall around him, then.\u201d\u00a0\u2015 Julie A. "
                     "Diaz Martinez.\n"
                     "\u201cThe debate was a mess from start to end.\u201d \u2014 Trump said on "
                     "Monday that he won.")
    direct = [q for q in quotes if q.kind == "direct"]
    assert [q.speaker for q in direct[:2]] == ["Pamela Padilla", "Julie A. Diaz Martinez"]
    assert [q.cue for q in direct[:2]] == [None, None]
    # a dash that opens a sentence is no signature: that quote goes by its speech verb
    assert direct[2].cue == "said"


def test_quotes_cue_without_subject_takes_the_person_beside_it() -> None:
    quotes = _quotes("Republican nominee Donald Trump spoke in Doral on Tuesday.\n"
                     '"For you to ask me that question is actually very insulting because '
                     'she goes home and sleeps," Trump, 70, told CNN\'s Dana Bash.\n'
                     "\u201cGo register,\u201d Trump implored. \u201cMake sure you go out "
                     "and vote.\u201d")
    direct = {q.text[:12]: q for q in quotes if q.kind == "direct"}
    assert direct["For you to a"].speaker == "Donald Trump"
    assert direct["Go register,"].speaker == "Donald Trump"


def test_quotes_relative_pronoun_and_role_descriptions() -> None:
    quotes = _quotes("Gov. Rick Perry of Texas spoke in Austin on Monday.\n"
                     '"We will secure the border," the governor said.\n'
                     "The speech came as Michael Bloomberg, who added that \"this is a fine "
                     'plan for everyone," visited the city.\n'
                     '"It will not pass," the Ohio senator said.')
    direct = {q.text[:10]: q for q in quotes if q.kind == "direct"}
    assert direct["We will se"].speaker == "Rick Perry"  # "Gov." is a governor
    assert direct["this is a "].speaker == "Michael Bloomberg"  # "who" is Bloomberg
    # no senator named: a description, not the place inside it
    assert direct["It will no"].speaker is None
    assert direct["It will no"].speaker_text == "the Ohio senator"


def test_quotes_report_inside_a_report_is_one_statement() -> None:
    quotes = _quotes("Brandt said she expects the border patrols to start within a month.")
    assert [(q.cue, q.text) for q in quotes if q.kind == "reported"] == [
        ("said", "she expects the border patrols to start within a month")]


def test_quotes_accusation_ends_before_the_next_clause() -> None:
    quotes = _quotes("Minister Aurelia Brandt and her deputy accused Morvania of the border incursions "
                     "and Brandt announced new patrols on the Tarn.")
    (accused,) = [q for q in quotes if q.cue == "accused"]
    assert accused.text == "Morvania of the border incursions"


def test_quotes_a_body_in_a_place_is_not_the_place() -> None:
    (said,) = [q for q in _quotes("Morvania has sent 40 rescue workers to Kessland province, the foreign "
                                  "ministry in Teskov said on Tuesday.") if q.cue == "said"]
    assert said.speaker is None and said.speaker_text == "the foreign ministry in Teskov"


def test_quotes_organisation_speaks_through_description_and_spokesperson() -> None:
    quotes = _quotes('Norland Air cancelled 300 flights on Monday.\n\n'
                     '"Our teams are working day and night to get every plane flying," the airline '
                     'said in a statement.\n\n'
                     'A Tarnwell Systems spokesperson said: "Our engineers have isolated the faulty '
                     'update and a fix is being rolled out to every customer."')
    direct = {q.text[:20]: q.speaker for q in quotes if q.kind == "direct"}
    assert direct["Our teams are workin"] == "Norland Air"
    assert direct["Our engineers have i"] == "Tarnwell Systems"


def _speaker_of(quotes: list[Quote], words: str) -> str | None:
    found = [q for q in quotes if words in q.text]
    assert found, words
    return found[0].speaker


def test_quotes_split_quote_keeps_speaker_past_names_in_its_attribution() -> None:
    # the company's name and "Jr." inside the first part's attribution are no new speaker
    quotes = _quotes('"The fix is out and the systems are coming back," said Veltrix CEO '
                     'Harold Quimby Jr. on Friday. "We will publish a full review next week."')
    assert str(_speaker_of(quotes, "full review")).startswith("Harold Quimby")


def test_quotes_title_with_name_set_off_by_commas() -> None:
    quotes = _quotes('Chair of the Northern Water Commission, Maria Lundqvist, noted: '
                     '"Every town on the river must have a second supply."')
    assert _speaker_of(quotes, "second supply") == "Maria Lundqvist"


def test_quotes_he_added_follows_the_last_named_speaker() -> None:
    quotes = _quotes('His brother, Tomas Ekberg, said the family was relieved.\n'
                     '"We have waited for days," Oyelaran said.\n'
                     '"All we wanted was to bring him home," he added.')
    assert _speaker_of(quotes, "bring him home") == _speaker_of(quotes, "waited for days")
    assert _speaker_of(quotes, "bring him home") != "Tomas Ekberg"


def test_quotes_he_said_after_a_spokesman_named_in_apposition_is_that_spokesman() -> None:
    # the parser hangs "Pavel Roos" on "Orbitek Lines"; set off by commas he is the subject
    quotes = _quotes('"We will not stop until everyone is found," coastguard commander Ilse Varga said.\n'
                     'A spokesman for Orbitek Lines, Pavel Roos, said the company was helping the '
                     'investigators. "We are devastated," he said.')
    assert _speaker_of(quotes, "devastated") == "Pavel Roos"


def test_quotes_she_said_after_a_name_the_ner_took_for_an_organisation() -> None:
    # "Varga" is tagged ORG; as the subject just before, she is nearer than the captain
    quotes = _quotes('"The hull was breached below the waterline," said Captain Erik Dahl, who led '
                     'the rescue.\n\nVarga thanked Ekberg for his support. "He has been a rock for all '
                     'of us," she said.')
    assert _speaker_of(quotes, "a rock") == "Varga"


def test_quotes_a_remark_over_two_paragraphs_is_its_closing_speakers() -> None:
    # the first paragraph's quote is left open: the remark goes on and is credited below
    quotes = _quotes('Interior minister Tomas Ekberg told reporters:\n\n'
                     '"We will find out exactly what happened to this ship."\n\n'
                     '"We searched the bay all night.\n\n'
                     '"We will search again tomorrow," said Roland Kettering, the rescue chief.')
    assert _speaker_of(quotes, "exactly what happened") == "Tomas Ekberg"
    assert _speaker_of(quotes, "all night") == "Roland Kettering"


def test_quotes_a_question_put_to_the_speaker_is_not_his_words() -> None:
    quotes = _quotes('Asked whether the ferry was overloaded, Ekberg said: "That is a question for '
                     'the inquiry."')
    assert _speaker_of(quotes, "question for the inquiry") == "Ekberg"
    assert _speaker_of(quotes, "was overloaded") is None


def test_quotes_named_subject_is_not_the_body_in_its_apposition() -> None:
    quotes = _quotes('"We will pay for every repair," Selma Ostrova, director of the Office of '
                     'Harbour Works, wrote to the council.')
    assert _speaker_of(quotes, "every repair") == "Selma Ostrova"


def test_quotes_two_named_speakers_share_the_remark() -> None:
    quotes = _quotes('Senator Paul Hendry and Senator Rosa Villeneuve wrote to the agency.\n'
                     '"The public deserves a full account," Hendry and Villeneuve wrote.')
    assert _speaker_of(quotes, "full account") == "Paul Hendry and Rosa Villeneuve"


def test_quotes_the_company_is_not_the_outlet_that_reported_it() -> None:
    quotes = _quotes('Norvik Airlines Inc. is still restoring its booking system, '
                     'the Daily Courier reported.\n'
                     '"Our teams had to restart every machine by hand," the company said.')
    assert "Norvik" in str(_speaker_of(quotes, "restart every machine"))


def test_quotes_the_committee_is_the_committee_named_before() -> None:
    quotes = _quotes('The Senate Transport Committee wrote to Veltrix on Monday. Veltrix '
                     'said it would answer.\n"We cannot ignore the scale of this failure," '
                     'the committee wrote in its note.')
    assert _speaker_of(quotes, "scale of this failure") == "Senate Transport Committee"


def test_quotes_it_is_not_a_name_that_only_modifies_a_noun() -> None:
    quotes = _quotes('The Johannesburg Stock Exchange put out a notice that the share indices '
                     'had stopped refreshing.\n"Members should trade carefully," it said.')
    assert "Johannesburg" in str(_speaker_of(quotes, "trade carefully"))


def test_quotes_according_to_an_outlet_is_not_the_speaker_of_an_attributed_quote() -> None:
    quotes = _quotes('"Our teams had to restart every machine by hand," Ingrid Solberg said, '
                     'according to Forbes.')
    said = [q for q in quotes if "restart every machine" in q.text]
    assert said and {q.speaker for q in said} == {"Ingrid Solberg"}


def test_quotes_single_mark_opened_double_mark_closed() -> None:
    text = "'We are ahead of the schedule we set ourselves,\" Ingrid Solberg said on Tuesday."
    assert _speaker_of(_quotes(text), "ahead of the schedule") == "Ingrid Solberg"


def test_quotes_a_refused_denial_is_no_quote() -> None:
    """"refused to deny" / "declined to confirm" name a speech act that was not made: no
    words of the subject are reported (issue 17: "the Kremlin refused to deny the
    allegations" gave a Kremlin denial)."""
    quotes = _quotes("The ministry in Teskov refused to deny the allegations directly, while Morvania "
                     "denied the report. The council declined to confirm the figures.")
    assert [(q.cue, q.text) for q in quotes if q.cue in ("deny", "confirm")] == []
    assert [q.cue for q in quotes if q.kind == "reported"] == ["denied"]


def _seed_quote_rows(analysed_seeds: str) -> list[dict]:
    """The stored quotes of both seed reports."""
    from newsdesk.store import open_store
    with open_store(analysed_seeds) as store:
        return [q for a in store.get_articles(store.get_story("seeds").members)
                for q in store.get_annotations(a.id, "quotes") or []]


def test_quotes_seeds_the_kremlin_refusing_to_deny_is_no_denial(analysed_seeds: str) -> None:
    rows = _seed_quote_rows(analysed_seeds)
    assert rows
    assert not [q for q in rows if "Kremlin" in str(q.get("speaker_text") or q.get("speaker") or "")
                and str(q.get("cue")) in ("deny", "denied")]


def test_quotes_instead_participle_belongs_to_the_clause_it_replaces() -> None:
    # the parser hangs "instead stressing" off "came"; the one stressing is the ministry
    quotes = _quotes('The statement came after the Teskov ministry refused to confirm the figures '
                     'directly, instead emphasizing its work with Halvenport in “the hardest-hit '
                     'districts”, while the mayor “firmly denied” it.')
    assert "Teskov" in str(_speaker_of(quotes, "hardest-hit districts"))


def test_quotes_seeds_the_kremlin_emphasizes_its_cooperation(analysed_seeds: str) -> None:
    rows = _seed_quote_rows(analysed_seeds)
    sensitive = [q for q in rows if "most sensitive areas" in str(q.get("text"))]
    assert sensitive and all("Kremlin" in str(q.get("speaker")) for q in sensitive)


def test_quotes_described_speaker_kept_and_continued() -> None:
    quotes = _quotes('"Hold all traffic on the north side," an emergency dispatcher told two officers.\n'
                     '"The whole pier just went under!" one of the guards shouted. '
                     '"Everybody back, now. The pier is gone!"')
    by = {q.text[:12]: q for q in quotes if q.kind == "direct"}
    assert by["Hold all tra"].speaker is None
    assert by["Hold all tra"].speaker_description == "an emergency dispatcher"
    assert by["The whole pi"].speaker_description == "one of the guards"
    assert by["Everybody ba"].speaker_description == "one of the guards"  # the split quote's rest


def test_quotes_document_is_no_described_speaker() -> None:
    quotes = _quotes('"The port will reopen on Monday after the channel is cleared," the statement read.')
    assert quotes and all(q.speaker_description is None for q in quotes)


def test_quotes_organisation_shown_by_its_fullest_name_in_the_article() -> None:
    quotes = _quotes("Norvale Air Lines cancelled 300 flights on Monday.\n"
                     "Norvale said its crews were working through the night.\n"
                     "\u201cWe are restoring our operation as fast as we can,\u201d the company said.")
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Norvale Air Lines"


def test_quotes_speaker_past_a_caption_bar_and_page_stamp() -> None:
    quotes = _quotes(' date 2024-05-02 1 of 2 | Harbour Commissioner Tomas Reyl on Tuesday announced '
                     'that the port would "stay closed until the channel is cleared by the divers."')
    assert quotes and all(q.speaker == "Tomas Reyl" for q in quotes)


def test_quotes_single_marks_hold_a_quote() -> None:
    text = ("In a statement, Kestrel Systems said, 'The first trigger was an attack, but our review "
            "suggests a fault in Kestrel's defences amplified it.' The service was back by noon.")
    quotes = _quotes(text)
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].text.startswith("The first trigger")
    assert direct[0].speaker == "Kestrel Systems"
    assert not [q for q in quotes if q.cue == "suggests"]  # the quote's words are no reported speech
    # a title in single marks is no quote, nor is an apostrophe
    assert quote_spans("Norvale Hits \u2018Inadequate\u2019 Apology, the workers' union says") == []


def test_quotes_role_named_before_the_person_holding_it() -> None:
    quotes = _quotes("\u201cThe apology alone is vastly inadequate,\u201d the airline\u2019s attorney said "
                     "on Thursday.\n"
                     "The dispute went on, with well-known attorney Jonas Weller, representing the airline, "
                     "replying in a new letter.")
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Jonas Weller"


def test_quotes_question_stops_before_the_answer() -> None:
    quotes = _quotes("The committee asked Tomas Reyl if the early figure was right, to which he "
                     "said that it \"looks rather low\" for the harm done.")
    asked = [q for q in quotes if q.cue == "asked"]
    # the question is reported without the answer hung inside it
    assert asked and "looks" not in asked[0].text and asked[0].text.endswith("right")


def test_quotes_answer_to_a_question_is_the_person_asked() -> None:
    quotes = _quotes("Dr. Petra Lusk explained the figures in a blog post.\n"
                     "I asked Tomas Reyl if the early figure was right, to which he said that it "
                     "\"looks rather low\" for the harm done.")
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Tomas Reyl"
    # the writer's own question is narration, not a source's words
    assert not [q for q in quotes if q.cue == "asked"]


def test_quotes_document_author_named_in_the_attribution() -> None:
    quotes = _quotes("Kestrel attorney Mara Ostrander wrote to the airline's lawyers on Sunday.\n"
                     "\u201cKestrel reiterates its apology to the airline and its customers,\u201d "
                     "the letter from Ostrander states. "
                     "\u201cHowever, Kestrel rejects any allegation of negligence.\u201d")
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 2 and {q.speaker for q in direct} == {"Mara Ostrander"}


def test_quotes_joint_speakers_are_names_not_words_inside_one_name() -> None:
    quotes = _quotes("\u201cThe federal government will cover the full cost of the new bridge,\u201d "
                     "Mara Lind, secretary of the Department of Housing and Urban Development, "
                     "wrote to the assembly.")
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Mara Lind"


def test_quotes_product_named_after_its_maker_is_not_the_maker() -> None:
    quotes = _quotes("Norvale Air Lines cancelled 300 flights on Monday.\n"
                     "Norvale said the outage had hit Norvale Connect, its booking system, for six hours.\n"
                     "\u201cWe are sorry for the disruption to our customers,\u201d the company said.")
    direct = [q for q in quotes if q.kind == "direct"]
    # the full name given first, not the product named after the maker later
    assert direct and direct[0].speaker == "Norvale Air Lines"


def test_quotes_a_document_speaks_for_the_author_named_in_it_a_sentence_before() -> None:
    direct = [q for q in _quotes(
        'Investors were nervous. In a recent blog post, Tomas Berg, vice president of security at '
        'Norvale, explained how the company counted the failures. "Only some of the machines that '
        'went down sent us an error report," reads the blog post.') if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Tomas Berg"]
    direct = [q for q in _quotes(
        'Governor John Smith said in a statement that the bridge would reopen. "Traffic will flow '
        'again by Monday," the statement read.') if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["John Smith"]
    # a person who only spoke of the document did not write it
    direct = [q for q in _quotes(
        'Police in Almbrück released a statement on Friday. Governor John Smith criticised the '
        'statement. "We are investigating every lead," the statement read.') if q.kind == "direct"]
    assert [q.speaker for q in direct] != ["John Smith"]


def test_quotes_a_document_named_after_the_quote_and_its_verb_speaks() -> None:
    # '…," reads the blog post': the parser may take the document for what is read
    direct = [q for q in _quotes(
        'Shares fell on Monday. In a recent blog post, Tomas Berg, vice president of security at '
        'Norvale, explained how the company counted the failures. "The count is a subset of the '
        'machines affected, because failure reports are sampled. Users who opt to switch on error '
        'sharing help both vendors and Norvale to find and fix bugs and crashes," reads the blog '
        'post.') if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Tomas Berg"]


def test_quotes_surname_typed_with_rn_for_m_is_the_person_named_before() -> None:
    # "Krerner" for Kremer: "rn" typed or scanned where the name has an "m".
    quotes = _quotes("Transit chief Dana Kremer spoke to reporters on Tuesday.\n"
                     "Krerner said there were 21 people on the platform when the roof fell.")
    said = [q for q in quotes if q.cue == "said"]
    assert said and said[0].speaker == "Dana Kremer"


def test_quotes_a_court_paper_speaks_for_the_companies_that_filed_it() -> None:
    quotes = _quotes(
        "The owner of the ferry, Nordhafen Shipping Ltd, and its manager, Baltic Crew Services AG, "
        "filed a petition in federal court on Monday to limit their liability.\n\n"
        "Such petitions are common after accidents at sea.\n\n"
        "The petition states, in part:\n\n"
        "“The owners bear no blame whatever for what happened at sea.”")
    (q,) = [q for q in quotes if "bear no blame" in q.text]
    assert q.speaker == "Nordhafen Shipping Ltd and Baltic Crew Services AG"


def test_quotes_a_lawsuit_speaks_for_its_plaintiff_not_for_the_defendant() -> None:
    quotes = _quotes(
        "Almbrück Air filed a lawsuit against Teskov Systems in a Georgia court on Friday, "
        "seeking damages for the outage.\n\n"
        "“Teskov Systems ignored every warning it received,” the lawsuit says.")
    (q,) = [q for q in quotes if "ignored every warning" in q.text]
    assert q.speaker == "Almbrück Air"


def test_quotes_a_court_paper_quoted_again_later_keeps_its_filers_and_is_never_the_court() -> None:
    quotes = _quotes(
        "Nordhafen Shipping and Baltic Crew Services filed a joint petition on Monday in the "
        "District Court of Almbrück seeking to cap their liability.\n\n"
        "The petition says the ferry left port at 9 p.m. with two tugs alongside.\n\n"
        "The tugs left it at 9:20 p.m. Ten minutes later the ferry lost power.\n\n"
        "The ferry drifted for an hour once the engines stopped again, the petition says.")
    said = [q for q in quotes if "left port" in q.text or "drifted" in q.text]
    assert len(said) == 2
    assert {q.speaker for q in said} == {"Nordhafen Shipping and Baltic Crew Services"}
    unnamed = _quotes("A petition was filed on Monday in the District Court of Almbrück.\n\n"
                      "“The ferry was seaworthy when it left port,” the petition states.")
    (q,) = [q for q in unnamed if "seaworthy" in q.text]
    assert q.speaker is None



def test_quotes_according_to_a_paper_from_someone_is_that_one() -> None:
    quotes = _quotes("The salvage crews lifted the ferry's stern on Friday, according to a notice issued by "
                     "the Almbrück Harbour Authority.\n\n"
                     "Ferry traffic will resume next week, according to a memo from Nordlicht Shipping.")
    assert {q.speaker for q in quotes if q.cue == "according to"} == {
        "Almbrück Harbour Authority", "Nordlicht Shipping"}


def test_quotes_assured_is_a_speech_cue() -> None:
    quotes = _quotes("Dana Kremer assured the public on Friday that the outage was "
                     "\u201cnot a security incident\u201d.")
    assert {q.speaker for q in quotes if "security incident" in q.text} == {"Dana Kremer"}


def test_quotes_a_message_that_said_is_its_senders() -> None:
    quotes = _quotes("An hour earlier, one of the workers, a 31-year-old, texted a note to his sister "
                     "that said, \u201cWe are almost done for the night.\u201d")
    (q,) = [q for q in quotes if "almost done" in q.text]
    assert q.speaker is None and q.speaker_description == "one of the workers, a 31-year-old"


def test_quotes_bodies_described_as_speakers() -> None:
    """An army, a ministry the tagger takes for a name, a coastguard: the text describes
    who speaks, and that description is the speaker."""
    for text, who in [
            ("The army said two of the drones were shot down near Velmar.", "The army"),
            ("Ferries were halted on Monday, the transport ministry said.", "the transport ministry"),
            ("The coastguard said two fishermen were still missing.", "The coastguard")]:
        (q,) = [q for q in _quotes(text) if q.kind == "reported"]
        assert q.speaker_description == who, text


def test_quotes_informed_is_a_cue() -> None:
    (q,) = _quotes('"The harbour stays shut until Friday," Ilse Varga informed reporters.')
    assert q.speaker == "Ilse Varga" and q.cue == "informed"


def test_quotes_a_blamed_party_is_not_the_clause_before() -> None:
    # "X, minister blames Y": the cue aims at Y; X is the headline's news, not her words
    quotes = _quotes("Storm shuts three Norvale ports, minister blames the weather service")
    assert not any("shuts three" in q.text for q in quotes)
    # the parser joins "blamed" to the reported clause: its subject there is no speaker
    quotes = _quotes("Ilse Varga said the storm had come in from the west and blamed the weather service.")
    assert all(q.speaker == "Ilse Varga" for q in quotes)


def test_quotes_a_quote_inside_reported_words_is_the_reporters_source() -> None:
    quotes = _quotes('Interior minister Tomas Ekberg told parliament the flights were '
                     '"a provocation we will not ignore" and asked for radar money.')
    (inner,) = [q for q in quotes if q.kind == "direct"]
    assert inner.text == "a provocation we will not ignore"
    assert inner.speaker == "Tomas Ekberg"


def test_quotes_institutes_and_governments_speak_as_described() -> None:
    (q,) = _quotes("More than 300 people were injured, the national emergency institute said.")
    assert q.speaker_description == "the national emergency institute"
    # "the regional government" is no organisation the report names otherwise (the
    # tagger's "Orvik" here), but a description of its own
    quotes = _quotes("Villagers in Orvik dug through the ruins of the church. "
                     "The regional government said at least 45 people had died.")
    (q,) = [q for q in quotes if q.kind == "reported"]
    assert q.speaker is None and q.speaker_description == "The regional government"


def test_quotes_a_ministry_is_no_other_organisation_named_before() -> None:
    quotes = _quotes('Orbitek Systems rejected the claims. In a statement, the foreign ministry said '
                     'Norvale was "inventing threats to justify its spending".')
    (q,) = [q for q in quotes if q.kind == "direct"]
    assert q.speaker != "Orbitek Systems" and q.speaker_description == "the foreign ministry"


def test_quotes_a_dateline_is_neither_speaker_nor_words() -> None:
    (q,) = _quotes("HELMSTAD — The bridge was closed, officials said.")
    assert q.speaker_description == "officials" and q.text == "The bridge was closed"
    (q,) = _quotes("HELMSTAD, March 17 (Northwire) - Miners at the Velmar pit went on strike on "
                   "Tuesday, union leader Pedro Salas said.")
    assert q.speaker == "Pedro Salas" and q.text.startswith("Miners at the Velmar pit")


def test_quotes_a_name_suffix_is_no_second_subject() -> None:
    quotes = _quotes("“Our divers are staying out there,” Chief of the Harbour Police Colonel "
                     "Tomas K. Ekberg, Jr. stated.")
    assert [q.speaker for q in quotes] == ["Tomas K. Ekberg"]


def test_quotes_what_someone_is_asked_to_say_is_no_ones_words() -> None:
    quotes = _quotes("Norvale will ask the aviation agency to condemn the jamming, "
                     "Foreign Minister Ilse Varga said on Friday.")
    assert [(q.speaker, q.cue) for q in quotes] == [("Ilse Varga", "said")]
    assert _quotes("She urged allies to condemn the blockade.") == []
