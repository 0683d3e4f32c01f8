"""The event coder on team-written sentences, one phenomenon per case.

Each case lists the (source, type, target) triples the sentence must produce (asserted
events, not negated or hypothetical) and, where it matters, flags or triples it must not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tocsin.pipeline import Processor
from tocsin.records import SYMMETRIC_TYPES, Article, Event

Triple = tuple[str | None, str, str | None]


def _events(processor: Processor, text: str) -> list[Event]:
    article = Article(id="t", text=text, source="test", published=dt.date(2025, 3, 17))
    return processor.process([article])[0].events


def _triples(events: list[Event], *, factual: bool = True) -> set[Triple]:
    """Scoring keys of the events (order-free for CONSULT, AGREE and COOPERATE)."""
    out: set[Triple] = set()
    for e in events:
        if (not (e.negated or e.hypothetical)) != factual:
            continue
        src, tgt = e.source.code if e.source else None, e.target.code if e.target else None
        if e.type in SYMMETRIC_TYPES:
            src, tgt = sorted([src or "", tgt or ""])
            src, tgt = src or None, tgt or None
        out.add((src, e.type, tgt))
    return out


CASES: list[tuple[str, set[Triple]]] = [
    # plain verbs, several events, compound actors
    ("Russian forces shelled the Ukrainian city of Kharkiv on Sunday.",
     {("RUS", "ASSAULT", "UKR")}),
    ("France and Germany imposed new sanctions on Iran on Monday.",
     {("FRA", "SANCTION", "IRN"), ("DEU", "SANCTION", "IRN")}),
    ("Egypt's foreign minister met his Turkish counterpart in Cairo on Tuesday.",
     {("EGY", "CONSULT", "TUR")}),
    # light verbs and nominal objects
    ("Japan and India held joint naval exercises in the Arabian Sea.",
     {("IND", "COOPERATE", "JPN")}),
    ("U.S. and Philippine troops began joint patrols on Monday.", {("PHL", "COOPERATE", "USA")}),
    ("China launched an investigation into steel imported from Vietnam.",
     {("CHN", "ACCUSE", "VNM")}),
    # passive voice
    ("German-made tanks were delivered to Ukraine's army on Friday.", {("DEU", "AID", "UKR")}),
    # reported speech codes the reported act with its own actor
    ("The ministry said Iranian drones struck an oil depot in Iraq.", {("IRN", "ASSAULT", "IRQ")}),
    # accusations code only the accusation
    ("Kenya accused Uganda of arming the rebels.", {("KEN", "ACCUSE", "UGA")}),
    # requests
    ("Beijing urged Washington to stop selling weapons to Taiwan.", {("CHN", "REQUEST", "USA")}),
    # promises of cooperation are AGREE, of retreat CONCEDE
    ("Tokyo pledged to provide patrol boats to Manila.", {("JPN", "AGREE", "PHL")}),
    ("Israel said it would allow food into Gaza.", {("ISR", "CONCEDE", "PSE")}),
    # refusals
    ("A Polish court refused to extradite the suspect to Germany.", {("POL", "REJECT", "DEU")}),
    # conditional threats: the threat is coded, its consequence and condition are not
    ("Lukashenko said Minsk would use nuclear weapons if Poland attacked Belarus.",
     {("BLR", "THREATEN", "POL")}),
    ("Trump said he would impose tariffs on Brazil unless it dropped the charges.",
     {("USA", "THREATEN", "BRA")}),
    # demonstrators' demands are protests
    ("Thousands of students rallied in Belgrade demanding the resignation of the government.",
     {("SRB", "PROTEST", "SRB")}),
    # a ceasefire taking effect is a retreat by both sides
    ("A truce between Armenia and Azerbaijan took effect on Tuesday.",
     {("ARM", "RETREAT", "AZE"), ("AZE", "RETREAT", "ARM")}),
    # unnamed perpetrators take the country where they act, not that of the troops
    # fighting them; a weapon's fire is its crew's attack
    ("Canadian troops battled militiamen loyal to a warlord in Kandahar on Monday.",
     {("CAN", "ASSAULT", "AFG")}),
    ("Gunmen shot dead two Colombian police officers near Cali on Sunday.",
     {("COL", "ASSAULT", "COL")}),
    ("Two Lebanese soldiers were killed by Israeli artillery fire on Friday.",
     {("ISR", "ASSAULT", "LBN")}),
    ("The kidnappers of a Japanese aid worker in Iraq threatened to behead him.",
     {("IRQ", "THREATEN", "JPN")}),
    ("Pakistani troops rooted out dozens of militants near Wana on Sunday.",
     {("PAK", "ASSAULT", "PAK")}),
    ("A Dutch engineer was abducted in Yemen by armed tribesmen.", {("YEM", "ASSAULT", "NLD")}),
    ("US forces and Muqtada al-Sadr's militia battled on Saturday in Baghdad.",
     {("USA", "ASSAULT", "IRQ")}),
    ("Venezuelan police fired tear gas at crowds of street vendors in Caracas.",
     {("VEN", "ASSAULT", "VEN")}),
    # an earthquake is no actor; analysis and statistics are no events
    ("A powerful earthquake killed at least 40 people in eastern Turkey.", set()),
    ("Analysts say tensions between Serbia and Kosovo could escalate further.", set()),
    ("The West has criticised Moscow's actions for years.", set()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentence_events(full_processor: Processor, text: str, expected: set[Triple]) -> None:
    got = _triples(_events(full_processor, text))
    assert expected <= got, f"missing {expected - got} in {got}"
    if not expected:
        assert got == set()


EXACT: list[tuple[str, set[Triple]]] = [
    # ", as the Security Council met" is a clause, not "attack X as Y" (criticism)
    ("Rwanda insisted it would attack rebels in Congo unless they disarmed, as the UN met.",
     {("RWA", "THREATEN", "COD")}),
    # a verb of motion moves its subject: no one charged the army
    ("The Israeli army charged into a Palestinian refugee camp on Saturday.",
     {("ISR", "ASSAULT", "PSE")}),
    # a speech verb another frame claims first ("tell") still reports blame
    ("The Liberal Democrats told delegates that Labour had abused the public's trust.",
     {("GBR", "ACCUSE", "GBR")}),
    # what a speaker says another party should do is a request; what his own country
    # should do is his plan, and what prices should do a forecast
    ("The British government should change the law, the Liberal Democrats said.",
     {("GBR", "REQUEST", "GBR")}),
    ("France should hold a referendum on Turkey, Jacques Chirac said.", set()),
    ("Prices should fall next year, the Bank of England said.", set()),
    # an agent named before any country belongs to the article's main country, unnamed
    # fighters to the country of its places
    ("MPs criticised Keir Starmer and Rachel Reeves over reports of their rift.",
     {("GBR", "ACCUSE", "GBR")}),
    (("A fierce battle between US forces and Shiite militants raged on Sunday. The fighting "
     "in Najaf and Karbala, Iraq's holy cities, killed 20."), {("USA", "ASSAULT", "IRQ")}),
    # a count of people arrested is arrested at home; who "has been warned" warned nobody;
    # a warning about "the war on terrorism" threatens no war
    ("Spain arrests eight over a plot to bomb the national court.", {("ESP", "COERCE", "ESP")}),
    ("Nuclear equipment has been vanishing from Iraq, the United Nations has been warned.",
     set()),
    ("Kerry warned that the plan would hinder the war on terrorism.", set()),
    # "is to" schedules an act: a meeting announced, not held (AGREE)
    ("Iraqi Prime Minister Iyad Allawi is to address a joint session of the US Congress.",
     {("IRQ", "AGREE", "USA")}),
    # so is the act coordinated with it, a name's headline infinitive and a meeting "when"
    # a future clause names it
    ("Allawi is to address Congress as well as meeting President Bush.",
     {("IRQ", "AGREE", "USA")}),
    ("Blair, Bush to Meet as Middle East Issues Loom\nTony Blair will meet President Bush.",
     {("GBR", "AGREE", "USA")}),
    ("The talks will resume when Iran meets the EU negotiators next week.",
     {("EU", "AGREE", "IRN")}),
    # an announced plan is the act announced; a plan under any other verb is an intention
    ("Indonesia is proceeding with plans to prosecute U.S.-based Newmont Mining.",
     {("IDN", "ACCUSE", "USA")}),
    ("Poland has announced plans to cut its forces in Iraq by a third.",
     {("POL", "CONCEDE", "IRQ")}),
    ("Israel debated a plan to withdraw from Gaza.", set()),
    # "them" after two conjoined verbs is the first verb's object, not the nearest plural
    ("Israeli troops mistook three Egyptian policemen for militants and shot them dead.",
     {("ISR", "ASSAULT", "EGY")}),
    # "Labour" is the party of the article's country: Israel's here, Britain's by default
    ("Israel's premier invited Labour into his government. Israel's talks begin soon.",
     {("ISR", "AGREE", "ISR")}),
    ("Labour MPs criticised the Conservative Party.", {("GBR", "ACCUSE", "GBR")}),
    # rebels' talks are with their own government unless another party is named; the place
    # of the talks is no party
    ("Sudanese rebels agree to take part in peace talks in Abuja",
     {("SDN", "AGREE", "SDN")}),
    # a concession refused for the future is a REJECT; one not made in the past is negated
    ("Israel will not withdraw from the West Bank, Sharon said.", {("ISR", "REJECT", "PSE")}),
    ("Syria has not pulled its forces out of Lebanon.", set()),
    # a judged act's doer is its "by" agent, not the owner of its object
    ("Blix has said the loss of control of Iraq's nuclear sites by the US was scandalous.",
     {("UN", "ACCUSE", "USA")}),
    # politicians clash in words; fighters clash in arms
    ("Labour and the Tories have clashed over tax and spending plans.",
     {("GBR", "ACCUSE", "GBR")}),
    ("US and Iraqi forces clashed with militants in Najaf.",
     {("USA", "ASSAULT", "IRQ"), ("IRQ", "ASSAULT", "IRQ")}),
    # victims killed in an attack someone owns: the owner attacked; a place is no owner
    ("Two Palestinians were killed in an Israeli airstrike in Gaza.",
     {("ISR", "ASSAULT", "PSE")}),
    ("Two US soldiers were killed in a Baghdad rocket attack.", set()),
    # an attack no one is named for has no perpetrator (not the country of its place), and
    # a passive lends no doer from the clause before it
    ("A series of car bombings in Baghdad today killed one American soldier.", set()),
    ("In Baghdad, 47 Iraqis died and over 120 were injured in a massive explosion.", set()),
    # an attacked thing's people are the target
    ("Gunmen ambushed a bus carrying unarmed Iraqis near Tikrit.", {("IRQ", "ASSAULT", "IRQ")}),
    # a nominal clash whose parties hang from its verb
    ("Clashes broke out between US troops and insurgents in Samarra.",
     {("USA", "ASSAULT", "IRQ")}),
    # a halt only pledged is a concession to no one named, not to the pledger's own country
    ("Iran pledged to halt nuclear work.", {("IRN", "CONCEDE", None)}),
    # a conditional offer is AGREE, to the party the condition names
    ("Sudan is prepared to halt military operations in Darfur if the rebels withdraw.",
     {("SDN", "AGREE", "SDN")}),
    ("North Korea is willing to resume stalled six-way talks if Washington drops its demands.",
     {("PRK", "AGREE", "USA")}),
    # a country named in a Title Case headline keeps its capital ("Laos", "Turkey")
    ("U.S. Asks Laos to Check Massacre Report\nThe State Department said it was concerned.",
     {("USA", "REQUEST", "LAO")}),
    # a border is no place in focus and no actor: the militants are where the army fights
    ("Nigerian army kills 24 Islamic militants near Cameroon border",
     {("NGA", "ASSAULT", "NGA")}),
    # a victim is never the attacker: headline passives and passives with no doer
    ("British couple shot dead in Thailand", set()),
    ("Japanese citizen reportedly taken hostage in Iraq", set()),
    ("Two US soldiers died and another was injured in southern Afghanistan.", set()),
    ("Two aid workers were killed in Darfur after their vehicle hit a landmine.", set()),
    # a pledge to one's own country is policy, not an agreement with anyone
    ("The Chinese premier pledged to improve the leadership of the Communist Party.", set()),
    # a dated aside on a person is his past, not the news; a pullout is nobody
    ("Mr Hague, who stepped down after his party's 2001 election defeat, spoke in Leeds.",
     set()),
    ("Gaza's security chief met Arafat after the Israeli pullout.", {("PSE", "CONSULT", "PSE")}),
    # an act dated to an earlier year than the article's is history
    ("The EU imposed its arms embargo on China in 1989 after the Tiananmen crackdown.", set()),
    # a suicide is no attack
    ("The hostage-taker killed himself as Russian police stormed the school.", set()),
    # the noun a passive or "where" relative clause hangs on did not do the act
    ("The protesters marched to Basra, where British troops were attacked.", set()),
    # a tour of one's own country meets no other party; a foreign visit does
    ("Tony Blair will visit Liverpool and Manchester on Monday.", set()),
    ("Tony Blair visited Iraq on Monday.", {("GBR", "CONSULT", "IRQ")}),
    # words hurled at someone go one way (traded barbs go both ways)
    ("North Korea hurled invective at President Bush on Tuesday.", {("PRK", "ACCUSE", "USA")}),
    # criticism in the passive: the 'by' agent criticises the patient
    ("The Russian election was condemned by Washington as seriously flawed.",
     {("USA", "ACCUSE", "RUS")}),
    # an unowned officer charged by a country's court is that country's
    ("An Israeli military court has charged an army officer with illegally using his weapon.",
     {("ISR", "ACCUSE", "ISR")}),
    # a conditional walk-out is no offer (AGREE): only a cooperative or conceding act is
    ("Iran would withdraw from the negotiations with the EU if the talks failed.", set()),
    # a conditional response that offers something good is no threat
    ("Israel would respond positively if Palestinian militants ceased attacks.", set()),
    # parties who accuse each other (or one another) accuse both ways
    ("Israel and Syria accused one another of provocations on Monday.",
     {("ISR", "ACCUSE", "SYR"), ("SYR", "ACCUSE", "ISR")}),
    ("Russian forces and Georgian troops accused each other of firing first.",
     {("RUS", "ACCUSE", "GEO"), ("GEO", "ACCUSE", "RUS")}),
    # a named place the tagger reads as a person is captured, not arrested
    ("Russian forces captured Avdiivka after months of fighting.", {("RUS", "ASSAULT", "UKR")}),
    # leaving an organisation, with a list the parser reads as an apposition
    ("Gabon, Cameroon and Chad withdrew from the African Union on Monday.",
     {("GAB", "SANCTION", "AU"), ("CMR", "SANCTION", "AU"), ("TCD", "SANCTION", "AU")}),
    # the expelled diplomats' countries are named after "including"
    ("Nicaragua expelled diplomats from several European countries, including Spain and Italy.",
     {("NIC", "SANCTION", "ESP"), ("NIC", "SANCTION", "ITA")}),
    # missiles fired into the sea are a launch, not an attack
    ("North Korea fired two ballistic missiles into the sea on Thursday.",
     {("PRK", "MOBILIZE", None)}),
    ("Hezbollah fired rockets into northern Israel on Monday.", {("LBN", "ASSAULT", "ISR")}),
    # "at Kyiv overnight", which the tagger reads as a time, still names the target
    ("Russia launched 40 drones at Odesa overnight.", {("RUS", "ASSAULT", "UKR")}),
    # "taken its place" is no capture
    ("Palau has long taken its rightful place among the Pacific democracies.", set()),
    # consequence words the speaker wants to avoid are no threat
    (("Canada's defence minister said any further arms deliveries would be carefully limited "
      "to avoid an open confrontation with China."), set()),
    # a participle conjoined to a passive shares its patient: the Egyptians are accused too
    ("Six Jordanians were detained and accused of planning the hotel attacks.",
     {("JOR", "COERCE", "JOR"), ("JOR", "ACCUSE", "JOR")}),
    # a party suspending its own candidate removes him (SANCTION), it restricts no one
    ("The Scottish National Party suspended a candidate over his remarks.",
     {("GBR", "SANCTION", "GBR")}),
    # a war named by its place names no party to it; "Russia's war" names its party
    ("Many Canadians opposed the Vietnam war.", set()),
    ("Britain condemned Russia's war on Ukraine.", {("GBR", "ACCUSE", "RUS")}),
    # allies named together act each on the third party they fight; partners named with
    # "with" are parties to a joint act, the first subject its source
    ("Afghan and American troops battled Taliban fighters near Kandahar on Friday.",
     {("USA", "ASSAULT", "AFG"), ("AFG", "ASSAULT", "AFG")}),
    ("Israel and Syria held talks with Turkey.",
     {("ISR", "CONSULT", "SYR"), ("ISR", "CONSULT", "TUR")}),
    # demands of people in the street are protests; other civilians' requests are requests
    ("Protesters in Kiev demanded the resignation of the government.",
     {("UKR", "PROTEST", "UKR")}),
    ("A coalition of Kenyan rights groups asked the African Union to send election monitors.",
     {("KEN", "REQUEST", "AU")}),
    # the victims of a condemned killing are not accused, nor is the speaker's government
    ("The Italian prime minister condemned the killing of an Italian aid worker.", set()),
    # unnamed victims are of the place the sentence names, not the attacker's own people
    ("French jets bombed positions in the Malian town of Kidal, killing four people.",
     {("FRA", "ASSAULT", "MLI")}),
    # a verbless headline's participle is its news; an act blamed with no accuser named is
    # blamed by the authorities where it happened
    ("Manila market blast blamed on Indonesian militants", {("PHL", "ACCUSE", "IDN")}),
    # what suspects are charged with is not coded, however deep in the charge it lies
    ("Dutch prosecutors charged five men with conspiring to commit arson.",
     {("NLD", "ACCUSE", "NLD")}),
    # a visit to a region of one's own country meets no one; a visit abroad is a meeting
    ("President Vladimir Putin paid a short visit to Dagestan on Friday.", set()),
    ("The Chinese premier is making a three-day state visit to Kenya.",
     {("CHN", "CONSULT", "KEN")}),
    # rejecting a claim ("a suggestion that ... was") is a denial, not a refusal; a proposal
    # ("a proposal that it halt") can be refused
    ("A Qatari minister rejected a suggestion that his country was funding the rebels.", set()),
    ("Iran rejected the EU proposal that it halt enrichment.", {("IRN", "REJECT", "EU")}),
    # a question asked is no request of those it asks about
    ('Tory leader Michael Howard asked: "How can Labour ministers run the health service?"',
     set()),
    # a hyphenated judgement is one word ("ill-advised"); a charity's chief executive is no
    # member of the government he criticises
    (('The chief executive of a Welsh housing charity said Chancellor Gordon Brown\'s remarks '
      'were "ill-advised".'), {("GBR", "ACCUSE", "GBR")}),
    # saying another's act damages something blames its doer
    ("Gordon Brown's tax plans are hurting pensioners, Michael Howard said.",
     {("GBR", "ACCUSE", "GBR")}),
    # a present tense with a time ahead states a plan: a future meeting is AGREE
    ("The Japanese prime minister visits Australia next month.", {("AUS", "AGREE", "JPN")}),
    # joining calls for a change asks it of one's own government
    ("Liberal Democrat leader Charles Kennedy joined calls for a public inquiry into the deaths.",
     {("GBR", "REQUEST", "GBR")}),
    # parties who trade fire act on each other, whatever the place; a witness is no party
    ("Indian and Pakistani troops exchanged heavy artillery fire along the Line of Control.",
     {("IND", "ASSAULT", "PAK")}),
    ("Azerbaijan and Armenia initialled a peace agreement, with Trump as a witness.",
     {("AZE", "SUPPORT", "ARM")}),
    # the parties of clashes may be named in a relative clause
    ("Three villagers died in clashes that erupted between Malian soldiers and rebels near Gao.",
     {("MLI", "ASSAULT", "MLI")}),
]  # fmt: skip


# Real-news senses of the trigger lexicon (team-written sentences in the style of wire copy
# and political reporting): each must code exactly these triples.
LEXICON: list[tuple[str, set[Triple]]] = [
    # verbal attacks are ACCUSE, weapons attacks stay ASSAULT
    ("Greek Prime Minister Kostas Lamb launched a scathing attack on Turkey's foreign minister.",
     {("GRC", "ACCUSE", "TUR")}),
    ("Rebels launched an attack on the army base near Goma.", {("COD", "ASSAULT", "COD")}),
    ("The Liberal Democrats attacked Labour over its record on pensions.",
     {("GBR", "ACCUSE", "GBR")}),
    ("Israeli jets attacked Hamas positions in Gaza on Monday.", {("ISR", "ASSAULT", "PSE")}),
    ("France voiced concern over Italy's decision to close the border.",
     {("FRA", "ACCUSE", "ITA")}),
    ("The Pakistani government dismissed India's statements as paranoid.",
     {("PAK", "ACCUSE", "IND")}),
    ("Kenya's president hit out at Uganda for harbouring rebels.", {("KEN", "ACCUSE", "UGA")}),
    # a concern for victims accuses no one
    ("Canada expressed concern for the safety of French hostages.", set()),
    # criticism with no named target is aimed at the speaker's own government
    ("The British chancellor has criticised the head of a teachers union.",
     {("GBR", "ACCUSE", "GBR")}),
    ("The British prime minister launched an attack on Conservative spending plans.",
     {("GBR", "ACCUSE", "GBR")}),
    # a mortar bomb that slammed into a house criticises no one
    ("A Palestinian mortar bomb slammed into a house in a Jewish settlement.", set()),
    # requests: wanted acts of a named party, changes asked of one's own government
    ("Japan said it wanted Russia to return all four islands.", {("JPN", "REQUEST", "RUS")}),
    ("Israel's opposition leader called for a referendum on the withdrawal.",
     {("ISR", "REQUEST", "ISR")}),
    ("China has warned Singapore officials against visiting Taiwan again.",
     {("CHN", "REQUEST", "SGP")}),
    # an organisation's appeal asks no country in particular (and names no recipient: not coded)
    ("The United Nations launched an appeal for 210 million dollars for flood victims.", set()),
    # an act with no recipient found is not coded; a vague one ("its Western allies") is null
    ("The Tories pledged free sports lessons for every child.", set()),
    ("Ukraine has long been lobbying for more weapons from its Western allies.",
     {("UKR", "REQUEST", None)}),
    # offers, overtures and meetings to come are AGREE
    ("Russia has begun making overtures to Japan to end the territorial dispute.",
     {("JPN", "AGREE", "RUS")}),
    ("Iceland offered asylum to the American chess player.", {("ISL", "AGREE", "USA")}),
    ("Iraqi Prime Minister Iyad Allawi will address a joint session of the US Congress.",
     {("IRQ", "AGREE", "USA")}),
    ("The South African president flew to Ivory Coast on Tuesday.",
     {("CIV", "CONSULT", "ZAF")}),
    ("The Pakistani president kicked off a three-day visit to Italy on Monday.",
     {("ITA", "CONSULT", "PAK")}),
    # nominal events with named parties: the talks are the news; "after talks" is background
    ("Talks between Japan and North Korea on the abduction dispute ended on Tuesday.",
     {("JPN", "CONSULT", "PRK")}),
    ("After talks in Geneva, the Iranian foreign minister flew home.", set()),
    (("Italy's prime minister and Libyan leader Muammar Gaddafi opened a gas pipeline "
      "between their countries."), {("ITA", "COOPERATE", "LBY")}),
    ("The United States said on Monday it will seek better ties with Venezuela.",
     {("USA", "AGREE", "VEN")}),
    # a headline infinitive announces the act: a visit to come is AGREE
    ("British foreign minister to visit North Korea in September", {("GBR", "AGREE", "PRK")}),
    # support and concessions
    ("Britain received a green light from Washington to host the conference.",
     {("USA", "SUPPORT", "GBR")}),
    ("Poland said Friday it plans to reduce the number of its troops in Iraq.",
     {("POL", "CONCEDE", "IRQ")}),
    ("The Maldives government lifted the curfew in the capital on Sunday.",
     {("MDV", "CONCEDE", "MDV")}),
    ("Sudan said it would abide by the UN's demands.", {("SDN", "CONCEDE", "UN")}),
    # a conjoined act shares the announcement: "would disband and end" is promised
    (("The Kurdish rebel group PKK said it would disband and end its armed struggle against "
      "the Turkish state."),
     {("TUR", "CONCEDE", "TUR")}),
    # sanctions: removals from office, rulings against the government, sentences
    ("Somalia's parliament passed a motion of no-confidence against the new prime minister.",
     {("SOM", "SANCTION", "SOM")}),
    ("The Afghan president sacked a regional governor on Saturday.", {("AFG", "SANCTION", "AFG")}),
    ("Britain's highest court ruled against holding terror suspects without trial.",
     {("GBR", "SANCTION", "GBR")}),
    # agentless legal passives: the authorities of the patient's country or of the place
    ("Three Russian police officers have been charged with criminal negligence.",
     {("RUS", "ACCUSE", "RUS")}),
    ("Two Britons were arrested in Dubai on Monday.", {("ARE", "COERCE", "GBR")}),
    # a hyphenated American is an American; "US-Iraqi forces" are two parties
    ("A Lebanese-American contractor was seized in Baghdad by kidnappers.",
     {("IRQ", "ASSAULT", "USA")}),
    ("US-Iraqi forces attacked insurgents in Falluja.",
     {("USA", "ASSAULT", "IRQ"), ("IRQ", "ASSAULT", "IRQ")}),
    # parties and lawmakers attack in words
    ("A UK Independence Party MEP attacked the German 'empire' in Brussels.",
     {("GBR", "ACCUSE", "DEU")}),
    ("Hezbollah attacked an Israeli patrol near the border.", {("LBN", "ASSAULT", "ISR")}),
    # a company halting its operations calls no ceasefire; masked men still attack
    ("A Turkish construction company halted its operations in Iraq on Tuesday.", set()),
    ("Masked men beat an opposition leader in Tbilisi on Saturday.", {("GEO", "ASSAULT", "GEO")}),
    # troops leaving a foreign country withdraw; leaving home they deploy
    ("Nigerian troops left Liberia on Sunday.", {("NGA", "RETREAT", "LBR")}),
    ("A contingent of 60 Kenyan soldiers left Kenya on Thursday for Somalia.", set()),
    # aid names what it gives: a bill sent on for signature is no aid
    (("Russia's upper house ratified the climate pact on Wednesday and sent it on to "
      "President Vladimir Putin for his signature."), set()),
    # a relative clause in the simple present says what someone does, not what happened
    ("Residents are tormented by street gangs who attack aid convoys in Port-au-Prince.",
     set()),
    ("Kenyan police opened fire on protesters who stormed parliament in Nairobi.",
     {("KEN", "ASSAULT", "KEN"), ("KEN", "PROTEST", "KEN")}),
    # an act dated months or years back is history the article recalls
    ("Britain expelled two Russian diplomats two years ago.", set()),
    ("MPs grilled the minister three months ago.", set()),
    ("Britain expelled two Russian diplomats on Monday.", {("GBR", "SANCTION", "RUS")}),
    # tracking someone down is catching them; vowing to is a threat of arrest
    ("Police tracked down the two suspects in Lahore on Friday.", {("PAK", "COERCE", "PAK")}),
    ("Pakistan vowed to track down the militant leader.", {("PAK", "THREATEN", "PAK")}),
    # the parser hangs a sentence's past tense on its subject as a participle
    ("Protests flared in towns across Kenya on Monday.", {("KEN", "PROTEST", None)}),
    ("Protests flared at factories across Germany on Monday.", {("DEU", "PROTEST", None)}),
    # a refused request answers whoever asked, not a party it is about (calls from no one
    # named are the country's own politics)
    ("Britain's prime minister rejected calls for the publication of the Iraq war advice.",
     {("GBR", "REJECT", "GBR")}),
    ("Syria rejected US demands to close its border.", {("SYR", "REJECT", "USA")}),
    ("Israel rejected an Egyptian request for talks.", {("ISR", "REJECT", "EGY")}),
    # a threat with no recipient named is coded at home; one to a vague group stays null
    ("The Basque separatist group ETA threatened to set off a series of bombs.",
     {("ESP", "THREATEN", "ESP")}),
    ("Russia warned Western countries that it would respond to any attack.",
     {("RUS", "THREATEN", None)}),
    ("The Dutch government vowed tough measures against extremists.",
     {("NLD", "THREATEN", "NLD")}),
    # the apposition that names a conjunct, hung by the parser on the first conjunct
    (("Prime Minister Keir Starmer and his rival, Conservative leader Kemi Badenoch, "
      "clashed over how to cut immigration."), {("GBR", "ACCUSE", "GBR")}),
    # an appeal to everyone asks no one in particular
    ("Kenya's president called for national unity after the disputed vote.", set()),
    ("The prime minister urged calm after the riots in Mombasa.", set()),
    # the doer of a passive's attack: the attack noun's "by" phrase, an attacking "when"
    # clause; a participle the parser hangs on its subject ("airstrikes killed") is active
    ("Nine Belgian peacekeepers were killed during an air raid by Sudanese bombers.",
     {("SDN", "ASSAULT", "BEL")}),
    ("Five Kenyan soldiers were killed when al-Shabaab fighters ambushed a convoy.",
     {("SOM", "ASSAULT", "KEN")}),
    ("A Hamas official was killed on Sunday when his car exploded in Damascus.", set()),
    ("American airstrikes killed at least 30 people in Falluja on Sunday.",
     {("USA", "ASSAULT", "IRQ")}),
    # an arrest with no agent in a US story: the dateline's region names the country
    ("MARSHVILLE, Fla. (AP) - A former pop singer was arrested on drug charges Friday.",
     {("USA", "COERCE", "USA")}),
    # defendants going on trial are accused by the court's country; sport is no trial
    ("Twelve people have gone on trial in France for running a phone-tapping operation.",
     {("FRA", "ACCUSE", "FRA")}),
    ("The deposed Peruvian president will stand trial next spring, his lawyers said.",
     {("PER", "ACCUSE", "PER")}),
    ("The Kenyan team will face Nigeria in the final.", set()),
    # street protests named by their outbreak: the people of the place protest
    ("Violent protests erupted in Caracas on Sunday.", {("VEN", "PROTEST", None)}),
    ("Demonstrations against fuel prices spread across Nigeria on Monday.",
     {("NGA", "PROTEST", "NGA")}),
    # street violence verbs
    ("Six men mugged a Dutch tourist in a park in Nairobi.", {("KEN", "ASSAULT", "NLD")}),
    # a concern that another party is doing something accuses it; one for one's own people not
    ("Vietnam voiced concern that China was building an airstrip on the reef.",
     {("VNM", "ACCUSE", "CHN")}),
    ("Italy expressed concern that its citizens in Libya were in danger.", set()),
    ("Spain voiced doubt that the Bolivian elections would be held on time.", set()),
    # reversing one's own decision is a concession
    ("Eritrea reversed its decision to expel the Norwegian aid workers.",
     {("ERI", "CONCEDE", "NOR")}),
    # displeasure said with an adjective names its party; concern for someone's safety does not
    ("Japan is critical of China's military build-up.", {("JPN", "ACCUSE", "CHN")}),
    ("Canada is concerned about the safety of its citizens in Haiti.", set()),
    # a label given in the passive: the agent hangs on the label
    ("The Hungarian plan was branded a disgraceful betrayal by Polish ministers.",
     {("POL", "ACCUSE", "HUN")}),
    # a trip for treatment, or a body flown home, is no visit; a leader at a funeral visits
    ("The former Nigerian president flew to London for medical treatment on Monday.", set()),
    ("The body of the Zambian president arrived in Paris on Monday.", set()),
    ("The French president flew to Washington for the funeral of Ronald Reagan.",
     {("FRA", "CONSULT", "USA")}),
    # what an opinion poll finds is no event; a share of fighters still acts
    ("Most Canadians oppose sending troops to Haiti, a new poll suggests.", set()),
    ("Two-thirds of Germans support the chancellor's plan to cut taxes.", set()),
    ("Half of the rebels surrendered to the army in Darfur.", {("SDN", "RETREAT", "SDN")}),
    # commerce between companies, or a company investing in a market, is no political event
    ("Swedish carmaker Volvo said it would invest 300 million dollars in Brazil.", set()),
    ("Airbus signed a deal with the Indian government to supply 40 jets.",
     {("FRA", "SUPPORT", "IND")}),
    # an embassy stands in its host country: the place of an act there is the host's
    ("Four men were arrested over the bomb attack on the Dutch embassy in Nairobi.",
     {("KEN", "COERCE", "KEN")}),
    # allies fighting a foe the text does not place did not fight each other
    ("US and Iraqi forces battled insurgents for control of the city.", set()),
    # a participle on a message is its author's own act; a report's content is not
    ("Norway issued a statement condemning the Iranian government on Tuesday.",
     {("NOR", "ACCUSE", "IRN")}),
    ("Chile's foreign ministry said in a statement calling on Peru to withdraw its troops.",
     {("CHL", "REQUEST", "PER")}),
    ("Britain denied reports that Italy is preparing to expel its ambassador.", set()),
    # a reduced relative describes, it reports nothing
    ("Germany deported 28 Afghan nationals convicted of crimes to Afghanistan on Friday.",
     {("DEU", "COERCE", "AFG")}),
    # coercion: remands, raids on homes, roads sealed, emergencies declared
    ("A Spanish court remanded the journalist and eight others in custody.",
     {("ESP", "COERCE", "ESP")}),
    ("Iraqi forces raided mosques in Ramadi on Sunday.", {("IRQ", "COERCE", "IRQ")}),
    ("Israeli forces blocked the main roads in Gaza on Tuesday.", {("ISR", "COERCE", "PSE")}),
    ("The Iraqi government declared a state of emergency for 60 days.",
     {("IRQ", "COERCE", "IRQ")}),
    # a denied report is no refusal; a flood is no attacker
    ("Pakistan rejected allegations that it sheltered Taliban leaders.", set()),
    ("Flooding killed nine people in the capital of Panama.", set()),
    # refusals in news verbs
    ("France, Sweden and Belgium shot down a German proposal.",
     {("FRA", "REJECT", "DEU"), ("SWE", "REJECT", "DEU"), ("BEL", "REJECT", "DEU")}),
    ("Sudanese rebels walked away from African Union peace talks on Monday.",
     {("SDN", "REJECT", "AU")}),
    # ground assaults, bombs set off, executions
    ("US troops surged into the heart of Fallujah on Monday.", {("USA", "ASSAULT", "IRQ")}),
    ("Basque separatists set off five bombs at petrol stations around Madrid.",
     {("ESP", "ASSAULT", "ESP")}),
    ("Japan has hanged a man convicted of murdering eight children.",
     {("JPN", "ASSAULT", "JPN")}),
    # fighting needs a fighter or a foe; campaigning is no combat
    ("Kerry said the Democrats will fight like hell to win Ohio.", set()),
    ("The Labour MP says she will fight on her record as a local campaigner.", set()),
    # a match report codes nothing; a range of casualties is no score
    ("Top-seeded Marko Petrovic of Serbia beat a Croatian qualifier 6-3, 7-5 on Tuesday.",
     set()),
    ("Serbia's Marko Petrovic beat a Croatian qualifier 6-3, 7-5 on Tuesday.", set()),
    ("Rugby: Wales hold France 20-20 in the opening game of the Six Nations in Cardiff.",
     set()),
    ("Brazil beat Argentina 3-1 in a World Cup qualifier in Sao Paulo.", set()),
    ("Israeli troops raided the Jenin refugee camp, killing 20-30 Palestinians, a UN team said.",
     {("ISR", "ASSAULT", "PSE")}),
    # the object the parser hung on "as"
    ('Venezuela has condemned as "illegal" a new US sanctions package against its oil sector.',
     {("VEN", "ACCUSE", "USA")}),
    # a headline's act given its own country for want of a target is the body's act
    (("Britain extends residency rights to Gurkha veterans\n\nBritain has extended full "
     "residency rights to Gurkha veterans from Nepal who served in the British army, the prime "
     "minister said."), {("GBR", "CONCEDE", "NPL")}),
    # unnamed attackers are not the country they acted in, though they take its code
    ("Unidentified gunmen blew up a gas pipeline in northern Syria on Tuesday.",
     {("SYR", "ASSAULT", "SYR")}),
    ("Saboteurs blew up a railway bridge in eastern Ukraine overnight.",
     {("UKR", "ASSAULT", "UKR")}),
    # what talks are about is not who holds them
    (("Macron said he had spoken by phone with Erdogan and that the two leaders had agreed to "
     "begin talks on ending the war in Sudan."), {("FRA", "CONSULT", "TUR")}),
    # a relative clause describes the noun right before it, however the parser hangs it
    (("The report follows a review by the FBI and the Justice Department of the siege that "
     "killed 80 people in Texas."), set()),
    # troops arriving bring aid only with a purpose that says so
    ("US troops reached the centre of Ramadi on Monday as fighting raged.", set()),
    ("US troops landed in Guyana on Monday as a joint military exercise began.",
     {("USA", "AID", "GUY")}),
    (("A contingent of 200 Rwandan soldiers arrived in Mozambique on Friday to join a regional "
     "peacekeeping mission."), {("RWA", "AID", "MOZ")}),
    # what a request is for, and where, is not whom it asks
    ("The Pentagon will seek emergency funding for the wars in Syria and Yemen early next year.",
     set()),
    # politicians clash and hit back in words; a policy hits no one
    ("Britain's chief justice said he had clashed with ministers over judicial appointments.",
     {("GBR", "ACCUSE", "GBR")}),
    ("Starmer hits back at Tory jibe", {("GBR", "ACCUSE", "GBR")}),
    ("Israel hit back at Hamas with air strikes on Gaza.", {("ISR", "ASSAULT", "PSE")}),
    ("A Reform UK candidate said Britain's open door approach was hitting low-paid workers.",
     set()),
    # a forecast is no threat: prices and droughts, a danger the country faces, an act
    # declared fair; a price to pay still is one
    (("Australia's treasurer warned that high fuel prices and a long drought would slow the "
     "economy."), set()),
    (("A US senator said America faces the threat of another terrorist attack if voters "
     "choose badly."), set()),
    (("US Senator Lindsey Graham said on Monday it was fair game to question the Democratic "
     "candidate's anti-war record."), {("USA", "ACCUSE", "USA")}),
    ("Iran warned Israel it would pay a heavy price if it attacked.",
     {("IRN", "THREATEN", "ISR")}),
    # "nuclear" on a civilian project is no consequence; a nuclear warning still threatens
    ("The EU will press ahead alone with the nuclear fusion project if talks with Japan fail.",
     set()),
    ("Kremlin repeats nuclear warning to Finland", {("RUS", "THREATEN", "FIN")}),
    ("Chinese investors have been hit by investing fever this year.", set()),
    # a reconnaissance flight is a show of force, not an attack
    ("Hezbollah sent an unmanned reconnaissance plane over northern Israel on Sunday.",
     {("LBN", "MOBILIZE", "ISR")}),
    # an accident kills; nobody attacks
    ("An Indonesian passenger plane crashed in a storm, killing 32 people.", set()),
    # a participle on the subject of another verb is background, not the news
    ("Four Iraqi prisoners held by the US military will be freed next week, officials said.",
     set()),
    # an announced resignation is conceded to nobody in particular (eval/README.md); a seat
    # given up at an election is no office
    ("Lebanon's prime minister will resign next week, his office said.",
     {("LBN", "CONCEDE", None)}),
    ("Britain's culture secretary is to step down as an MP at the next general election.",
     set()),
    # retreats: resignations announced, withdrawals from a place
    ("The Cambodian king has announced his abdication.", {("KHM", "RETREAT", "KHM")}),
    ("Israel withdrew from the Khan Younis refugee camp in the Gaza Strip.",
     {("ISR", "RETREAT", "PSE")}),
    # a past form of a verb that needs an object, with none, is a participle: its noun is
    # the victim ("one of four Palestinians killed Saturday in the Israeli offensive")
    (("Omar Haddad, 22, was one of four Palestinians killed Saturday in the continuing "
     "Israeli offensive in northern Gaza."), {("ISR", "ASSAULT", "PSE")}),
    # forces not ready to attack threaten no one
    (("Pentagon officials say Afghan forces are not ready to launch major offensives against "
     "the Taliban."), set()),
    # an act dated months back is history ("in February 2022"), one of last month is news
    (("Ukraine's president said 40,000 civilians have died since Russian troops invaded the "
     "country in February 2022."), set()),
    ("Russian troops attacked Ukrainian positions near Kupiansk in January 2025, Kyiv said.",
     {("RUS", "ASSAULT", "UKR")}),
    # victims take the country of a place given by its bearing from a landmark
    ("American jets killed 30 people in a village south of Kandahar on Sunday.",
     {("USA", "ASSAULT", "AFG")}),
    # sanctions asked "on" a country do not ask that country; "called on" does
    ("Japan urges sanctions on North Korea over missile launches", set()),
    ("Japan called on the Security Council to impose sanctions on North Korea.",
     {("JPN", "REQUEST", "UN")}),
    # a threat verb with its own subject is that subject's threat, whoever warns of it
    (("Thousands of Haitians, fleeing fresh attacks by armed gangs, have threatened to cross "
     "into the Dominican Republic, the U.N. refugee agency warned on Friday."),
     {("HTI", "THREATEN", "DOM")}),
    # a named group stands for the persons listed after "including"
    ("Militants killed three UN workers in Afghanistan, including a British woman.",
     {("AFG", "ASSAULT", "UN")}),
    # a request made with a noun names its addressee with "on"
    ("Egypt renewed its call on Israel to withdraw from Gaza.", {("EGY", "REQUEST", "ISR")}),
    # a claim investigated is about its doer, active or passive, or whom it is against
    (("Palestinian officials are investigating claims that Arafat was poisoned by Israel."),
     {("PSE", "ACCUSE", "ISR")}),
    ("Serbian prosecutors are investigating allegations against Kosovo police.",
     {("SRB", "ACCUSE", "KOS")}),
    # a date after the verb is no particle either
    (("The French senators turned on Monday a row over migrant boats into a debate on the "
     "courts."), set()),
    # a rocket blasts off; a date is no particle ("turned ... on Thursday"); checking a
    # report accuses no one
    ("A Chinese rocket carrying three astronauts blasts off for the Tiangong station", set()),
    (("Italian senators on Thursday turned a row over migrant boats in Sicily into a debate on "
     "the powers of the courts."), set()),
    ("Canadian diplomats investigated a report that a Canadian engineer had been abducted in Mali.",
     set()),
    # ... a claim that names its doer is investigated against it
    (("Serbian prosecutors are investigating claims that Kosovo police beat two Serb "
     "farmers."), {("SRB", "ACCUSE", "KOS")}),
    # a captivity that goes on is no arrest; holding someone on a day is
    (("Gunmen holding two Italian aid workers in Somalia said they had opened talks with "
     "clan elders."), set()),
    ("Three Australians have been held by Venezuela for almost two years, their families said.",
     set()),
    ("Venezuelan police held three Colombian smugglers on Monday near the border.",
     {("VEN", "COERCE", "COL")}),
    # an obligation no one in the sentence imposes is a condition, not a promise
    (("Serbia will have to recognise Kosovo if it wants to join the European Union, according "
     "to a draft document leaked on Monday."), set()),
    # "provided" joining a condition gives nothing
    (("The Cypriot president said he would not oppose Turkish European Union accession talks "
     "provided Turkey met European standards."), set()),
    ("Germany provided Ukraine with air defence systems on Monday.", {("DEU", "AID", "UKR")}),
    # an appeal to a vague group asks no one
    (("China and Singapore on Monday urged the international community to help calm the "
     "dispute over Taiwan."), set()),
    # taking a country to war leads it there; taking a town captures it
    # (the opposition, of the country in focus, accuses Blair of lying)
    ("The opposition says Blair lied when he took Britain to war in Iraq.",
     {("GBR", "ACCUSE", "GBR")}),
    ("Russian troops took the Ukrainian town of Avdiivka on Saturday.",
     {("RUS", "ASSAULT", "UKR")}),
    # sanctions do nothing themselves
    (("Khartoum said that American sanctions, threatened over the fighting in Darfur, "
     "would ruin the country."), set()),
    # a judgement of an act after an expletive "it" is an opinion; "it" that is a country acts
    ("A French senator said it was fair to criticise the late timing of the offer.", set()),
    ("Chile said it was right to send troops to Haiti.", set()),
    ("Iran said it was ready to resume talks with France.", {("FRA", "AGREE", "IRN")}),
    # an actor who threatens to do anything threatens it; a danger that threatens does not
    ("Hungary threatened to block the European Union's budget.", {("HUN", "THREATEN", "EU")}),
    ("Fighters battled Israeli troops in Gaza, threatening to wreck a ceasefire.",
     {("PSE", "ASSAULT", "ISR")}),
    # a government's view of its own act asks no one; lawmakers asking their government do
    ("A new chief prosecutor should be appointed soon, Kenya's justice minister told MPs.",
     set()),
    ("A national inquiry should be set up, Kenyan lawmakers said.", {("KEN", "REQUEST", "KEN")}),
    # an event noun held in a container subject is the news; after one it is background
    ("A new round of talks between Serbia and Kosovo began in Brussels.",
     {("KOS", "CONSULT", "SRB")}),
    ("After a round of talks with Iran, the French minister left Vienna.", set()),
    # a gerund subject the tagger read as a verb still names the fighting
    ("Fighting between Sudanese troops and Darfur rebels erupted on Monday.",
     {("SDN", "ASSAULT", "SDN")}),
    # a goal hit is reached; targets hit are struck
    (("Adult literacy: the government will only hit its target for improving skills if "
      "courses are made more attractive, the Scottish audit office says."), set()),
    ("Iran will hit Israeli targets if it is attacked, a commander said.",
     {("IRN", "THREATEN", "ISR")}),
    # a name the parser hung off the descriptor before it is who acts
    ("Media watchdog Reporters Without Borders has condemned North Korea and Cuba.",
     {("NONSTATE", "ACCUSE", "PRK"), ("NONSTATE", "ACCUSE", "CUB")}),
    # the means of an act done is no purpose of another act
    ("Poland's president used his New Year message to denounce Russia.",
     {("POL", "ACCUSE", "RUS")}),
    # unnamed captors act where the story's one place is, named once
    (("Gunmen Free Three Hostages. Gunmen who took 12 people hostage at a school on the "
      "outskirts of Lima released three of the captives."),
     {("PER", "ASSAULT", "PER"), ("PER", "RETREAT", "PER")}),
    # a crowd that besieges is a protest, a riot is one too; a crowd moving is one only when
    # it is made of protesters
    ("Angry villagers besieged a police station in northern Peru on Tuesday.",
     {("PER", "PROTEST", "PER")}),
    ("Rioters torched cars in the Paris suburb of Clichy.", {("FRA", "PROTEST", "FRA")}),
    ("Thousands of Ukrainian protesters poured into the streets on Monday.",
     {("UKR", "PROTEST", "UKR")}),
    ("The crowd began filling the courtyard of a new restaurant in Damascus.", set()),
    # armed separatists who seize buildings capture them; unnamed rebels in a story that names
    # one country, by any word, act there
    ("Armed separatists seized government buildings in two towns in eastern Moldova.",
     {("MDA", "ASSAULT", "MDA")}),
    ("Rebels freed 12 soldiers on Monday, a Colombian army spokesman said.",
     {("COL", "RETREAT", "COL")}),
    # a state expels another's envoys; "Latin American" names a region, not the United States
    ("Venezuela expelled diplomats from seven Latin American countries.", set()),
    ("Russia expelled two British diplomats on Friday.", {("RUS", "SANCTION", "GBR")}),
    # a name before a message is its author, and who blocks a message did not write it
    ("Hungary blocked an EU statement criticising China.",
     {("EU", "ACCUSE", "CHN"), ("HUN", "REJECT", "EU")}),
    # the attacked are not the accused; the attacker is
    ("The Security Council condemned the attack on peacekeepers in Lebanon.", set()),
    ("China condemned the U.S. strikes on Iran.", {("CHN", "ACCUSE", "USA")}),
    # targets someone's or somewhere are struck; one's own target is a goal
    ("Israeli jets struck Houthi targets in Yemen on Monday.", {("ISR", "ASSAULT", "YEM")}),
    ("Israeli aircraft struck targets in Yemen.", {("ISR", "ASSAULT", "YEM")}),
    ("The Kenyan government will hit its target for cutting emissions.", set()),
    # a Title Case headline standing alone is parsed in sentence case
    ("Ghana Expels Two Nigerian Diplomats", {("GHA", "SANCTION", "NGA")}),
    # a vow of a hostile act is a threat; handing a person to a court is cooperation
    ("Iran vowed to retaliate against Israel.", {("IRN", "THREATEN", "ISR")}),
    ("Germany pledged to send more air defence systems to Ukraine.", {("DEU", "AGREE", "UKR")}),
    (("Kenyan police arrested opposition leader Tom Mbadi and handed him over to the "
      "International Criminal Court."),
     {("KEN", "COERCE", "KEN"), ("ICC", "COOPERATE", "KEN")}),
    # the accused's reply does not deny that the accusation was made
    ("Ethiopia accused Eritrea of arming the rebels; Asmara denied any involvement.",
     {("ETH", "ACCUSE", "ERI")}),
    ("Serbia accused Croatia on Tuesday of shelling the village, a charge Zagreb rejected.",
     {("SRB", "ACCUSE", "HRV")}),
    # each party to an exchange frees the other's people
    ("Armenia and Azerbaijan swapped prisoners of war on Monday.",
     {("ARM", "RETREAT", "AZE"), ("AZE", "RETREAT", "ARM")}),
    # X said Y did Z codes Z, with no accusation besides
    ("Belarusian drones violated Lithuanian airspace overnight, the Lithuanian army said.",
     {("BLR", "MOBILIZE", "LTU")}),
    # an act a court blocks is prevented; a clause in the past perfect is background; an
    # attack noun the tagger reads as a gerund is still the doer of a passive
    ("A Kenyan judge blocked the government from deploying police to Haiti on Friday.",
     {("KEN", "SANCTION", "KEN")}),
    ("Ugandan police detained a student who had led protests at Makerere University.",
     {("UGA", "COERCE", "UGA")}),
    ("Two civilians were wounded by Israeli shelling in southern Lebanon.",
     {("ISR", "ASSAULT", "LBN")}),
    # "staged" is "stage" (the model's lemmatizer made it "stag")
    ("Kenyan workers staged a protest in Nairobi on Monday.", {("KEN", "PROTEST", "KEN")}),
    # the tokenizer splits "sit-in" at its hyphens
    ("Mexican teachers staged a sit-in outside the education ministry on Monday.",
     {("MEX", "PROTEST", "MEX")}),
    # workers launch a strike; insurgents launch strikes on outposts
    ("Nigerian unions launched a nationwide strike on Monday over fuel prices.",
     {("NGA", "PROTEST", "NGA")}),
    ("Ethiopia suspended all trade with Eritrea on Thursday.", {("ETH", "SANCTION", "ERI")}),
    # "called on X to" asks; it is no phone call, even where the parser makes "on" a preposition
    ("ASEAN foreign ministers called on Myanmar's junta to release political prisoners.",
     {("ASEAN", "REQUEST", "MMR")}),
    # civilians by their sector ("indigenous groups") block roads in protest, police to seal
    ("Bolivia's indigenous groups blocked roads on Tuesday to protest against fuel prices.",
     {("BOL", "PROTEST", "BOL")}),
    (("Ugandan police fired tear gas and water cannon on Monday at hundreds of students who "
      "marched on parliament."),
     {("UGA", "ASSAULT", "UGA"), ("UGA", "PROTEST", "UGA")}),
    ("Rioters in Bamako set fire to parts of the French and Algerian embassies on Friday.",
     {("MLI", "PROTEST", "FRA"), ("MLI", "PROTEST", "DZA")}),
    # the threatened party of "if attacked by X" is X
    ("Pakistan would use nuclear weapons if attacked by India, a general said.",
     {("PAK", "THREATEN", "IND")}),
    # "it" as the subject of an adverbial clause is the main clause's subject
    (("Russia fired missiles into waters near Japan on Thursday as it began its largest naval "
      "drills around the islands."),
     {("RUS", "MOBILIZE", "JPN")}),
    # "ethnic" makes a nationality word a people's, not a state's
    ("Ethnic Albanian protesters clashed with police in northern Kosovo on Monday.",
     {("KOS", "PROTEST", "KOS")}),
    # penalties on a state or a body, and a sanctions list
    ("The EU fined Poland 100 million euros for breaching its rules.", {("EU", "SANCTION", "POL")}),
    ("A court fined the man 500 euros.", set()),
    ("The United States added 12 Chinese companies to its Entity List.",
     {("USA", "SANCTION", "CHN")}),
    # a demand the parser joins to the reported clause is the speaker's
    (("Vietnam's foreign ministry said a Chinese vessel had rammed a Vietnamese fishing boat "
      "and urged Beijing to stop its provocations."),
     {("CHN", "ASSAULT", "VNM"), ("VNM", "REQUEST", "CHN")}),
    # handing suspects over is cooperation; a council fires a named premier; captured
    # servicemen and pilots are captives; a charge d'affaires is an envoy
    ("Colombia sent 12 cartel leaders to the United States on Friday.",
     {("COL", "COOPERATE", "USA")}),
    ("Mali's transitional council fired Prime Minister Choguel Maiga on Wednesday.",
     {("MLI", "SANCTION", "MLI")}),
    ("Armenia freed two Azerbaijani servicemen on Saturday.", {("ARM", "RETREAT", "AZE")}),
    ("Bangladesh summoned India's charge d'affaires on Monday.", {("BGD", "ACCUSE", "IND")}),
    # an accusation after a suspended agreement is the actor's own words, not its content
    (("Canada said on Friday it was suspending its trade agreement with Ecuador, accusing the "
      "government of abandoning democracy."),
     {("CAN", "SANCTION", "ECU"), ("CAN", "ACCUSE", "ECU")}),
    # an expulsion ordered is one
    ("Niger's military junta ordered the expulsion of the French ambassador on Friday.",
     {("NER", "SANCTION", "FRA")}),
    ("Minsk Court Extends Detention Of Polish Journalist Andrzej Poczobut",
     {("BLR", "COERCE", "POL")}),
    # the parse repaired: a long subject before a past-tense verb, an infinitive after a
    # time phrase; a weekday dates the act though "last year" follows
    (("A special tribunal in Dhaka sentenced ousted prime minister Khaleda Zia to death on "
      "Monday over the crackdown on protests last year."),
     {("BGD", "SANCTION", "BGD")}),
    ("Ankara threatened on Friday to expel the ambassador of Sweden if the vote went ahead.",
     {("TUR", "THREATEN", "SWE")}),
    # the goods' owner inside a measure's "on" phrase; a trade measure is no verbal attack
    ("Washington put tariffs on $50 billion of Brazilian goods on Tuesday.",
     {("USA", "SANCTION", "BRA")}),
    ("Beijing said it would hit back with levies on $20 billion of Australian products.",
     {("CHN", "SANCTION", "AUS")}),
    # another office of the same state is asked all the same (a request to itself: none);
    # the obligation is not an act done
    ("Prime Minister Keir Starmer said the mayor should apologise.", set()),
    # a perfect with a word of frequency is a habit, not the news; a plain perfect with
    # "since" is a tally the news reports
    ("Thai and Cambodian troops have traded fire almost daily since May.", set()),
    ("Thai and Cambodian troops traded fire on Monday.", {("THA", "ASSAULT", "KHM")}),
    ("Kenyan police have shot dead at least 20 protesters since the June budget vote.",
     {("KEN", "ASSAULT", "KEN")}),
    # Title Case headlines whose verb the model reads as a noun, re-parsed in the past tense;
    # a known name of two words keeps its capitals ("United States", "Imran Khan")
    ("Haitian Gangs Storm Prison In Port-Au-Prince", {("HTI", "ASSAULT", "HTI")}),
    ("Houthis Fire Missile At Tel Aviv", {("YEM", "ASSAULT", "ISR")}),
    ("Georgian Police Fire Water Cannon At Protesters In Tbilisi", {("GEO", "ASSAULT", "GEO")}),
    ("Poland Orders Closure Of Russian Consulate In Gdansk", {("POL", "SANCTION", "RUS")}),
    ("China Bans Rare Earth Exports To United States", {("CHN", "SANCTION", "USA")}),
    ("Pakistani Court Sentences Imran Khan To 10 Years In Prison",
     {("PAK", "SANCTION", "PAK"), ("PAK", "COERCE", "PAK")}),
    ("U.S. Sanctions Colombian President Gustavo Petro", {("USA", "SANCTION", "COL")}),
    # an arrest ordered is a warrant
    ("Caracas Court Orders Arrest Of Edmundo Gonzalez", {("VEN", "THREATEN", "VEN")}),
    # a verb after a preposition has no subject before it
    ("Briton Charged With Plotting Bomb Attack On Airliner", set()),
    # airdrops; water cannon on a boat; tariffs as the weapon; an investigation into a bloc's
    # exports; leaving a body, not an office; coordinated modifiers of one attack
    ("Jordanian planes dropped food and medicine over northern Gaza on Tuesday.",
     {("JOR", "AID", "PSE")}),
    ("Chinese coast guard ships blasted a Philippine supply boat with water cannon on Sunday.",
     {("CHN", "ASSAULT", "PHL")}),
    ("Trump Hits Brazil With 50% Tariff", {("USA", "SANCTION", "BRA")}),
    ("Kenya hit Uganda with new import duties on Monday.", {("KEN", "SANCTION", "UGA")}),
    ("China opened an anti-dumping investigation into imports of brandy from the EU on Friday.",
     {("CHN", "ACCUSE", "EU")}),
    ("Niger And Mali Announce Exit From ECOWAS",
     {("NER", "SANCTION", "ECOWAS"), ("MLI", "SANCTION", "ECOWAS")}),
    ("Russia launched a massive missile and drone attack on western Ukraine on Sunday.",
     {("RUS", "ASSAULT", "UKR")}),
    # a trial ordered, flights refused, a person flown to a court (a city is no party)
    ("Peru's Congress voted on Thursday to put former president Pedro Castillo on trial.",
     {("PER", "ACCUSE", "PER")}),
    ("Honduras turned back two U.S. military flights carrying deportees on Sunday.",
     {("HND", "REJECT", "USA")}),
    ("Philippine authorities flew Duterte to the International Criminal Court on Tuesday.",
     {("ICC", "COOPERATE", "PHL")}),  # symmetric: the pair in code order
    ("Philippine authorities flew Duterte to The Hague on Tuesday.", set()),
    # water cannon on the last of two objects; a strike led; strikes in reply; an offer of
    # a coercive act is cooperation; ships in waters near a country; a force authorised
    (("Two Chinese coast guard ships blasted a Philippine vessel and a fishing boat with "
      "water cannon near the shoal on Tuesday."),
     {("CHN", "ASSAULT", "PHL")}),
    ("Argentina's largest union federation led a general strike on Wednesday.",
     {("ARG", "PROTEST", "ARG")}),
    (("Cambodian troops fired rockets into Thailand on Thursday, and Thailand responded "
      "with air strikes on Cambodian military targets."),
     {("KHM", "ASSAULT", "THA"), ("THA", "ASSAULT", "KHM")}),
    ("Salvadoran President Nayib Bukele has offered to jail U.S. criminals in his prisons.",
     {("SLV", "AGREE", "USA")}),
    ("China has deployed around 90 navy and coast guard ships in waters near Taiwan.",
     {("CHN", "MOBILIZE", "TWN")}),
    ("The U.N. Security Council voted on Tuesday to authorise a new security force for Haiti.",
     {("UN", "SUPPORT", "HTI")}),
    # an exchange agreed is an agreement; jets scrambled; supplies cut off into a place;
    # land handed back to its new holder
    (("Russian and Ukrainian officials held talks in Istanbul on Friday and agreed to "
      "exchange 1,000 prisoners of war each."),
     {("RUS", "AGREE", "UKR"), ("RUS", "CONSULT", "UKR")}),
    ("Poland scrambled fighter jets early on Sunday.", {("POL", "MOBILIZE", None)}),
    ("Israel cut off the entry of all food and fuel into Gaza on Sunday.",
     {("ISR", "COERCE", "PSE")}),
    ("Armenia agreed on Friday to hand back four villages along the border to Azerbaijan.",
     {("ARM", "CONCEDE", "AZE")}),
    # "it" in what a speaker said is the speaker, through a verb joined to its first
    (("Somalia ordered Ethiopia's ambassador to leave on Thursday and said it was closing "
      "Ethiopian consulates in Somaliland."),
     {("SOM", "SANCTION", "ETH")}),
    # a group's one-word name ending a person's name is a surname; a group's name keeps
    # its capital in a sentence-cased headline
    ("'Rwanda must pay a price,' Therese Kayikwamba Wagner told the council.", set()),
    ("Israel And Hamas Agree Gaza Ceasefire Deal", {("ISR", "AGREE", "PSE")}),
    # an attack "as" something else happens is no verbal attack
    ("U.S. Plane Attacks Falluja Insurgents As Marines Near City", {("USA", "ASSAULT", "IRQ")}),
    # a departure announced is its owner's (an unknown owner: no event)
    ("Marta Ruiz's departure was announced by Foreign Secretary David Lammy on Monday.", set()),
    ("Tony Blair announced David Blunkett's resignation on Wednesday.",
     {("GBR", "RETREAT", "GBR")}),
    # a headline's act before its credit; a win by a margin is sport; a call told of
    ("Israel Strikes Hezbollah Targets In Lebanon, Army Says", {("ISR", "ASSAULT", "LBN")}),
    ("Australia beat England by six wickets on Sunday to win the series.", set()),
    ("Erdogan told Putin in a phone call on Friday that Turkey wanted a ceasefire.",
     {("RUS", "CONSULT", "TUR")}),  # symmetric: the pair in code order
    # unnamed rebels in talks with one government are its country's, wherever they meet
    ("Rebels held talks with the Colombian government in Havana on Monday.",
     {("COL", "CONSULT", "COL")}),
    # a named compatriot of another sector owning the object is the target, not a country
    # deeper in the phrase
    ("Senator Bernie Sanders questioned Donald Trump's judgement on the war in Ukraine.",
     {("USA", "ACCUSE", "USA")}),
    # a name the parser hangs off the verb after a relational noun ("ally", "neighbour")
    ("Pakistan is seeking a closer partnership with longtime ally China.",
     {("CHN", "AGREE", "PAK")}),
    # a plane landing in its own country brings no aid
    ("A French military plane carrying aid landed in Paris on Monday.", set()),
    # a threat of sanctions is a threat; an order with an infinitive is a command, and a
    # past-tense verb after it is the ordering verb's conjunct
    ("The European Union threatened Belarus with new sanctions on Monday.",
     {("EU", "THREATEN", "BLR")}),
    (("Senegal's government ordered French troops to leave the country and expelled France's "
     "ambassador."), {("SEN", "REQUEST", "FRA"), ("SEN", "SANCTION", "FRA")}),
    # what a punished person did, in a "who" clause, is the grounds, not the news
    (("A court in Sanaa on Saturday sentenced a militant who plotted to kill the Saudi "
     "ambassador to death."), {("YEM", "SANCTION", "YEM")}),
    (("Labour says it may take legal action to unseat two councillors who defected to "
     "Reform UK."), set()),
    # a headline's comma list agreeing to an act: the agreement is the event
    ("Iran, EU Agree To Resume Nuclear Talks", {("EU", "AGREE", "IRN")}),
    ("Chile, Peru Agree to End Tariffs", {("CHL", "AGREE", "PER")}),
    # cooperation reported as withheld is that party's negated act, no accusation besides
    # (a reported failure to oppose stays a criticism)
    (("Serbia has failed to hand over war crimes suspects to the tribunal, the prosecutor "
     "said."), set()),
    # a claim of responsibility for an attack is the claimant's attack
    ("Hamas claimed responsibility for the suicide bombing in Tel Aviv.",
     {("PSE", "ASSAULT", "ISR")}),
    # a protest done by another act ("drove tractors ... to protest") is a protest
    (("Thousands of French farmers drove tractors towards Paris on Monday to protest against "
     "the government's plans to cut fuel subsidies."), {("FRA", "PROTEST", "FRA")}),
    # "did not go unnoticed" is no threat ("would not go unpunished" is)
    (("It did not go unnoticed in Washington that Keir Starmer apologised to Labour MPs on "
     "Monday."), {("GBR", "CONCEDE", "GBR")}),
    (("Former minister Suella Braverman says she will not stand for the leadership again, "
     "having given up her ambition to be prime minister."), set()),
    # a death sentence is no custody (a prison term is: COERCE besides)
    ("A court in Sanaa sentenced a militant to death on Saturday.", {("YEM", "SANCTION", "YEM")}),
    ("A court in Sanaa sentenced one man to death and six others to prison terms.",
     {("YEM", "SANCTION", "YEM"), ("YEM", "COERCE", "YEM")}),
    # a leader ordering his own men does the ordered act
    ("Rebel cleric Moqtada al-Sadr ordered his fighters to lay down their weapons.",
     {("IRQ", "RETREAT", "IRQ")}),
    # wanting to do an act oneself is an intent: a resignation announced is a concession
    ("King Charles wants to abdicate, a palace source said.", {("GBR", "CONCEDE", None)}),
    # kidnappers are of the country where they hold their hostage, never a group named
    # nearby; a threat to hand her over is addressed to the condition's party
    (("BAGHDAD -- The kidnappers of aid worker Jane Doyle threatened to hand her over to an "
      "al-Qaida affiliated group if the British government refuses to pull its troops from "
      "Iraq."), {("IRQ", "THREATEN", "GBR")}),
    # a bare act said in the present tense to be something is a kind of act
    ("Dialogue between India and Pakistan is vital for peace in the region.", set()),
    # "Conservative" before a title names the party; an opposition leader sacks as its head
    ("Kemi Badenoch has sacked Conservative frontbencher Robert Jenrick.",
     {("GBR", "SANCTION", "GBR")}),
    # a protest whose purpose is "to protest" is one protest; firing at protesters is no
    # punishment of what they were doing
    (("Hungarian farmers blocked a border crossing with Romania on Monday to protest "
     "against cheap imports."), {("HUN", "PROTEST", "HUN")}),
    (("Kenyan police fired tear gas at hundreds of protesters in Nairobi on Thursday who were "
     "demanding the resignation of President William Ruto."),
     {("KEN", "ASSAULT", "KEN"), ("KEN", "PROTEST", "KEN")}),
    # people an act is meant to stop are described, not reported
    ("The army launched an operation aimed at stopping militants firing rockets into Israel.",
     set()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), LEXICON)
def test_real_news_senses(full_processor: Processor, text: str, expected: set[Triple]) -> None:
    assert _triples(_events(full_processor, text)) == expected


@pytest.mark.parametrize(("text", "expected"), EXACT)
def test_sentence_events_exactly(
    full_processor: Processor, text: str, expected: set[Triple]
) -> None:
    assert _triples(_events(full_processor, text)) == expected


@pytest.mark.parametrize(
    ("text", "flag", "triple"),
    [
        ("Iran denied that it had supplied Russia with ballistic missiles.", "negated",
         ("IRN", "AID", "RUS")),
        ("NATO will not send combat troops to Ukraine, its secretary-general said.", "negated",
         ("NATO", "AID", "UKR")),
        ("Britain is weighing sending air defence systems to Poland.", "hypothetical",
         ("GBR", "AID", "POL")),
        ("The family of a Kenyan student allegedly killed by Ugandan soldiers has sued the army.",
         "hypothetical", ("UGA", "ASSAULT", "KEN")),
        (("Pentagon officials say Afghan forces are not ready to launch major offensives against "
          "the Taliban."), "negated", ("AFG", "ASSAULT", "AFG")),
        (("Serbia will have to recognise Kosovo if it wants to join the European Union, according "
          "to a draft document leaked on Monday."), "hypothetical", ("KOS", "AGREE", "SRB")),
    ],
)  # fmt: skip
def test_flags(full_processor: Processor, text: str, flag: str, triple: Triple) -> None:
    events = _events(full_processor, text)
    flagged = [e for e in events if getattr(e, flag)]
    assert triple in _triples(flagged, factual=False), [(e.type, getattr(e, flag)) for e in events]


def test_negation_trap_is_not_negated(full_processor: Processor) -> None:
    events = _events(
        full_processor, "North Korea said it would not hesitate to strike Seoul if provoked."
    )
    threats = [e for e in events if e.type == "THREATEN"]
    assert threats
    assert not any(e.negated for e in threats)


def test_event_keeps_its_sentence_and_trigger(full_processor: Processor) -> None:
    text = "Background sentence here.\nRussian forces shelled Kharkiv on Sunday."
    (ev,) = [e for e in _events(full_processor, text) if e.type == "ASSAULT"]
    assert ev.text == "Russian forces shelled Kharkiv on Sunday."
    assert ev.sentence_index == 1
    assert ev.trigger_start is not None
    assert ev.trigger_end is not None
    assert text[ev.trigger_start : ev.trigger_end] == ev.event_text == "shelled"
    assert ev.event_date == dt.date(2025, 3, 16)
    assert ev.cameo is not None


def test_nuclear_flag(full_processor: Processor) -> Any:
    events = _events(
        full_processor, "Russia warned it could use nuclear weapons if NATO intervened."
    )
    assert events
    assert all(e.nuclear for e in events)


def test_a_persons_deeds_name_no_party_to_the_act(full_processor: Processor) -> None:
    """ "sentenced a militant who had plotted to kill the US ambassador": the court
    sentenced the militant, not the ambassador."""
    text = "A Yemeni court jailed a militant who plotted to kill the US ambassador."
    got = _triples(_events(full_processor, text))
    assert ("YEM", "COERCE", "YEM") in got
    assert not {t for t in got if t[1] in ("COERCE", "SANCTION") and t[2] == "USA"}


def test_a_headlines_comma_joins_two_names(full_processor: Processor) -> None:
    # "Chile, Peru agree": the parser reads an apposition; the headline means "and"
    events = _events(full_processor, "Chile, Peru agree to resume border talks")
    assert {
        (e.type, frozenset({e.source.code, e.target.code if e.target else None})) for e in events
    } == {("AGREE", frozenset({"CHL", "PER"}))}
    # an organisation listed the same way acts too (and the agreement is the event, not
    # the act agreed on)
    events = _events(full_processor, "Japan, ASEAN agree to end tariffs")
    assert {(e.type, e.source.code, e.target.code if e.target else None) for e in events} == {
        ("AGREE", "JPN", "ASEAN")
    }


def test_speakers_the_parser_joins_to_an_object_are_no_target(
    full_processor: Processor,
) -> None:
    # "..., residents and a U.N. aid official said": the parser makes the speakers conjuncts
    # of "houses"; they reported the demolition, it was not done to them
    text = (
        "Syrian troops stormed a village on Sunday, killing one man and tearing down 20 "
        "houses, residents and a U.N. aid official said."
    )
    events = _events(full_processor, text)
    assert not [e for e in events if e.target is not None and e.target.code == "UN"]


def test_a_headline_past_form_with_no_object_is_a_passive(full_processor: Processor) -> None:
    # "..., Ruto Criticized": criticised by someone unnamed, not criticising Kenya; the
    # headline's first clause is no object of the verb
    article = Article(
        id="t",
        text=(
            "Kenya Mourns Crash Dead, Ruto Criticized NAIROBI (Reuters) - Kenyans mourned 40 "
            "bus passengers on Monday as anger grew over road safety."
        ),
        source="test",
        published=dt.date(2014, 5, 15),
    )
    events = full_processor.process([article])[0].events
    assert not [e for e in events if e.type == "ACCUSE"]


def test_a_title_recalls_only_its_holders(full_processor: Processor) -> None:
    # in 2005 Michael Howard was a shadow minister and Conservative leader, not the Home
    # Secretary (he had been, in the 1990s): "the Home Secretary" is the government's
    def events(text: str) -> list[Event]:
        article = Article(id="t", text=text, source="test", published=dt.date(2005, 2, 1))
        return full_processor.process([article])[0].events

    found = events("Michael Howard attacked the plans of the Home Secretary on Monday.")
    assert [(e.type, e.target.code, e.target.sector) for e in found if e.target] == [
        ("ACCUSE", "GBR", "GOV")
    ]
    found = events("Michael Howard said he would not back the Home Secretary's new plans.")
    assert [(e.type, e.negated, e.target.sector) for e in found if e.target] == [
        ("SUPPORT", True, "GOV")
    ]
    # a generic word before the title ("the party leader") still names its holder
    found = events(
        "Michael Howard spoke in Leeds on Monday. Lynton Crosby, an Australian, told the party "
        "leader to focus on marginal seats."
    )
    assert {(e.target.code, e.target.sector) for e in found if e.target} == {("GBR", "OPP")}


def test_unions_and_workers_belong_to_the_country_in_focus(full_processor: Processor) -> None:
    text = (
        "Gordon Brown faced a revolt on Friday. Civil servants staged a strike in protest at "
        "Gordon Brown's plans to cut jobs."
    )
    article = Article(id="t", text=text, source="test", published=dt.date(2005, 2, 1))
    found = full_processor.process([article])[0].events
    assert {(e.source.code, e.source.sector, e.type) for e in found if e.source} >= {
        ("GBR", "CVL", "PROTEST")
    }


def test_the_group_refers_back_to_militants_named_by_where_they_act(
    full_processor: Processor,
) -> None:
    """ "The group" after "a militant group in Yemen": the same insurgents (coded by the
    country they act in, sector REB), and the threat's target is the government named in
    its condition."""
    found = _events(
        full_processor,
        "A militant group in Yemen has seized a Korean engineer. The group threatened to "
        "kill him unless Seoul pays a ransom.",
    )
    threats = [e for e in found if e.type == "THREATEN"]
    assert [(e.source.code, e.source.sector) for e in threats if e.source] == [("YEM", "REB")]
    assert {e.target.code for e in threats if e.target} == {"KOR"}


def test_rebels_and_their_government_are_two_sides(full_processor: Processor) -> None:
    """Talks of rebels with their own government keep the government as the partner, not a
    foreign place named in the same phrase ("held in the Kenyan capital")."""
    found = _events(
        full_processor,
        "Congolese rebels agreed on Monday to join peace talks with the Congolese government "
        "being held in the Kenyan capital of Nairobi.",
    )
    pairs = {(e.source.code, e.source.sector, e.target.code, e.target.sector)
             for e in found if e.source and e.target and e.type == "AGREE"}  # fmt: skip
    assert pairs == {("COD", "REB", "COD", "GOV")}
