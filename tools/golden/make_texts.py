#!/usr/bin/env python3
"""Write the project's own golden corpus: tools/golden/texts.jsonl ({"id", "text"} per line).

Regenerate (stdlib only, deterministic, fixed seed):

    python3 tools/golden/make_texts.py            # writes tools/golden/texts.jsonl

Every text below was written for this project (no copied articles or data sets). The corpus has
three parts:

* ``news``: hand-written news-like paragraphs (politics, business, sport, science, culture) full
  of people, organisations, places, dates, money, percentages, quantities, ordinals, times, laws,
  events, works of art, languages and nationalities;
* ``tok``: short texts that stress the tokenizer (URLs, e-mails, prices, abbreviations,
  contractions, quotes of every kind, odd whitespace, emoji, combining marks, non-Latin scripts,
  very long tokens, empty and whitespace-only texts, page clutter, datelines);
* ``mix``: deterministic variants and combinations of the above (whitespace rewrites, quote
  rewrites, concatenations, page-like layouts with clutter lines), drawn with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SEED = 20261125

# ---------------------------------------------------------------------------------------------
# Hand-written news-like paragraphs.
# ---------------------------------------------------------------------------------------------
NEWS: list[str] = [
    # politics
    "Prime Minister Helena Marsh will travel to Brussels on Thursday for talks with European "
    "Commission officials about the Northern Ports Agreement, Downing Street said. Ms Marsh, who "
    "took office in March 2024, is expected to meet Commissioner Piotr Zalewski and the Dutch "
    "finance minister, Joost van der Berg, before returning to London on Friday evening.",
    "The Senate voted 52-48 on Tuesday to pass the Clean Rivers Act, sending the bill to President "
    "Daniel Okafor's desk. Senator Maria Delgado of New Mexico, a Democrat, called it \"the most "
    'important environmental law in a generation", while Republicans warned it would cost '
    "farmers $4.2 billion over ten years.",
    "Voters in Bavaria go to the polls on 8 October in a state election that is seen as a test for "
    "Chancellor Olaf Brenner's coalition. Polls by the Forsa institute put the Christian Social "
    "Union on 37%, the Greens on 15% and the Free Voters on 14%.",
    "Kenya's parliament approved a new budget of 3.9 trillion shillings on Wednesday night after a "
    "seven-hour debate. Treasury Secretary John Mbadi said the plan would cut the deficit to 4.3% "
    'of GDP by 2026, but opposition leader Raila Kimani said it placed "an impossible burden on '
    'ordinary Kenyans".',
    "The United Nations Security Council met in New York for an emergency session on the crisis in "
    "Sudan. Secretary-General Antonio Guterres told the 15 members that more than 8 million people "
    "had fled their homes since April last year.",
    "Labour MP Rachel Whitmore has resigned as shadow health secretary, saying she could no longer "
    "support the party's position on the NHS Reform Bill. In a letter to the party leader she wrote "
    'that the third reading, scheduled for 14 January, would be "a moment of truth".',
    "French President Emmanuel Laval and Italian Prime Minister Giorgia Ruffini signed the Quirinal "
    "Treaty follow-up in Rome on Monday, pledging closer cooperation on migration, space and "
    "defence. The two leaders later visited the Colosseum with about 200 students.",
    "In Washington, the Supreme Court agreed to hear a challenge to the Voting Rights Act of 1965 in "
    "its next term, which begins on the first Monday of October. Chief Justice John Roberts did not "
    "comment.",
    "Indonesia's election commission said turnout reached 81.8% in the February 14 vote, the "
    "highest since 1999. Prabowo Subianto won 58.6% of the vote, according to the official count "
    "released in Jakarta.",
    "Protesters gathered outside the Hungarian parliament in Budapest on Saturday for the fourth "
    "weekend in a row, demanding the resignation of the president. Police estimated the crowd at "
    "around 50,000 people.",
    # business
    "Shares in Northwind Motors Inc. fell 12% in early trading on the New York Stock Exchange after "
    "the carmaker cut its full-year profit forecast to $1.5bn from $2.1bn. Chief executive Laura "
    "Chen blamed weaker demand in China and a strike at its plant in Ohio.",
    "The Bank of England held interest rates at 5.25% for a third consecutive meeting on Thursday. "
    'Governor Andrew Bailey said the Monetary Policy Committee, which voted 6-3, needed "more '
    'evidence" that inflation was falling back towards its 2% target.',
    "Glencore agreed to buy a 77% stake in the coal business of Canada's Teck Resources for $6.9 "
    "billion in cash, the Swiss commodities trader said on Tuesday. The deal values the unit at "
    "about $9bn including debt.",
    "Amazon said it would hire 150,000 seasonal workers in the United States ahead of the holiday "
    "season, the same number as last year, and raise average pay to more than $20.50 an hour.",
    "Japan's Toyota Motor Corp. reported a record operating profit of 5.35 trillion yen for the "
    "fiscal year ended March 31, helped by a weak yen and strong sales of hybrid vehicles in North "
    "America and Europe.",
    "Oil prices rose on Monday, with Brent crude futures up 87 cents, or 1.1%, at $82.44 a barrel by "
    "0930 GMT. U.S. West Texas Intermediate crude gained 91 cents to $78.35.",
    "The euro zone economy grew by 0.3% in the first quarter compared with the previous three months, "
    "Eurostat said, beating economists' expectations of 0.1% growth. Germany's output rose 0.2%.",
    "Tesco, Britain's biggest supermarket, said like-for-like sales rose 4.6% in the 13 weeks to "
    'May 25. Chief executive Ken Murphy said customers were "still looking for value" as food '
    "prices stayed high.",
    "Small business owners in Manchester say energy bills have tripled since 2021. Sarah O'Neill, "
    "who runs a bakery on Deansgate, said her monthly bill had jumped from £900 to almost £2,800.",
    "Bitcoin climbed above $70,000 for the first time in two years on Friday, driven by heavy "
    "buying from exchange-traded funds launched by BlackRock and Fidelity in January.",
    "Unilever plans to cut 7,500 jobs worldwide as part of a cost-saving programme, the maker of "
    "Dove soap and Ben & Jerry's ice cream said on Tuesday. It will also separate its ice cream "
    "division into a stand-alone company by the end of 2025.",
    # sport
    "Manchester City beat Arsenal 3-1 at the Etihad Stadium on Sunday to go top of the Premier "
    "League. Erling Haaland scored twice in the first half before Bukayo Saka pulled one back; "
    "Phil Foden sealed the win in the 88th minute.",
    "Novak Djokovic won his 24th Grand Slam title with a 6-3, 7-6 (7-5), 6-3 victory over Daniil "
    "Medvedev in the US Open final at Flushing Meadows on Sunday night.",
    "Kenyan runner Faith Kipyegon broke the women's 1,500 metres world record in Florence on "
    "Friday, clocking 3 minutes 49.11 seconds at the Golden Gala meeting.",
    "The All Blacks named 23-year-old winger Mark Tele'a in their squad for the Rugby World Cup in "
    "France, which starts on 8 September with the hosts playing New Zealand at the Stade de France.",
    "Lewis Hamilton finished second at the British Grand Prix at Silverstone, 3.2 seconds behind "
    "Max Verstappen of Red Bull, while his Mercedes teammate George Russell retired on lap 34.",
    "India chased down 242 with six wickets and 11 overs to spare in Ahmedabad, Virat Kohli "
    "making an unbeaten 103 as Australia's bowlers struggled in the evening dew.",
    "The Boston Celtics won their 18th NBA championship on Monday, beating the Dallas Mavericks "
    "106-88 in Game 5 of the Finals at TD Garden. Jaylen Brown was named Finals MVP.",
    "Organisers of the 2028 Summer Olympics in Los Angeles said cricket, flag football, lacrosse "
    "and squash would be added to the programme, bringing the number of sports to 36.",
    "Spain won the Women's World Cup for the first time, beating England 1-0 in Sydney in front of "
    "75,784 fans. Olga Carmona scored the only goal in the 29th minute.",
    "Tour de France leader Jonas Vingegaard extended his lead to 7 min 35 sec after the 16th stage, "
    "a 22.4-kilometre time trial from Passy to Combloux.",
    # science / tech / health
    "NASA's Artemis II mission, which will carry four astronauts around the Moon, has been delayed "
    "until September 2025, the agency's administrator Bill Nelson said at a news conference in "
    "Washington on Tuesday.",
    "Researchers at the University of Cambridge say a new blood test can detect early signs of "
    "Parkinson's disease up to seven years before symptoms appear. The study, published in Nature "
    "Medicine, followed 72 patients for a decade.",
    "The World Health Organization declared the mpox outbreak a public health emergency of "
    "international concern on August 14, after more than 15,600 cases and 537 deaths were reported "
    "in the Democratic Republic of Congo this year.",
    "Apple unveiled the iPhone 15 at its Cupertino headquarters on Tuesday, with prices starting at "
    "$799. The company also said it would switch to USB-C charging ports to comply with European "
    "Union rules.",
    "Scientists at CERN near Geneva have measured the mass of the W boson with a precision of 0.01%, "
    "using data collected by the ATLAS experiment between 2015 and 2018.",
    "Microsoft said it would invest $3.2bn in Germany over the next two years to double the "
    "capacity of its artificial intelligence and data centre infrastructure in the country.",
    "A magnitude 7.8 earthquake struck southern Turkey and northern Syria at 4:17 a.m. local time "
    "on Monday, killing more than 2,300 people, according to officials in Ankara and Damascus.",
    "The James Webb Space Telescope has spotted carbon dioxide in the atmosphere of a gas giant "
    "700 light-years from Earth, the European Space Agency said.",
    "Temperatures in Death Valley, California, reached 128 degrees Fahrenheit (53.3 Celsius) on "
    "Sunday, according to the National Weather Service, close to the all-time record.",
    "Engineers at Tokyo Institute of Technology built a robot hand that weighs about 450 grams and "
    "can lift a 2-kilogram bottle, the team wrote in the journal Science Robotics.",
    # culture
    "Taylor Swift's Eras Tour became the first concert tour to gross more than $1 billion, with "
    "the final show at BC Place in Vancouver on December 8. The film version premiered in October.",
    "Christopher Nolan's Oppenheimer won seven Oscars at the 96th Academy Awards in Los Angeles, "
    "including best picture and best actor for Cillian Murphy.",
    "The British Museum said it had recovered about 350 of the 2,000 items stolen from its "
    "collection, and appointed a former Oxford professor, Nicholas Cullinan, as its new director.",
    "Han Kang, the South Korean author of The Vegetarian, was awarded the 2024 Nobel Prize in "
    'Literature. The Swedish Academy praised her "intense poetic prose". She writes in Korean.',
    "Beyonce's album Cowboy Carter topped the Billboard 200 chart in its first week, and the "
    "single Texas Hold 'Em spent two weeks at number one.",
    "A 17th-century painting by Rembrandt, Portrait of a Young Woman, sold for 10.9 million euros "
    "at auction in Paris, nearly three times its estimate. Many Spanish and Portuguese collectors "
    "bid by telephone.",
    "The Edinburgh Festival Fringe opened on Friday with more than 3,500 shows in 300 venues. "
    "Organisers expect around 2.5 million tickets to be sold by 26 August.",
    "Hindu pilgrims gathered in Prayagraj for the Kumbh Mela, which authorities say drew about 400 "
    "million visitors over six weeks, making it the largest religious gathering in the world.",
    "Mexican and Canadian delegations met in Ottawa to discuss the United States-Mexico-Canada "
    "Agreement review, due in 2026. Talks were held in English, French and Spanish.",
    "About a quarter of Buddhist monasteries in Bhutan now teach courses online, the Ministry of "
    "Education said, up from one in ten before the pandemic.",
    # more labels: FAC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE
    "Engineers reopened the Golden Gate Bridge to traffic at 6:15 a.m. on Saturday after a 36-hour "
    "closure. The California Department of Transportation said repairs cost about $14 million.",
    "Heathrow Airport handled 79.2 million passengers last year, its busiest year since 2019, while "
    "Gatwick said it would build a second runway by the early 2030s.",
    "Samsung will start selling the Galaxy S24 on January 31 for 799 dollars, and the company "
    "expects to ship 36 million units in the first half of the year.",
    "Boeing delivered 27 737 MAX jets in March, down from 47 a year earlier, as the Federal "
    "Aviation Administration capped production after the Alaska Airlines incident in January.",
    "The Second World War ended in Europe on 8 May 1945. Eighty years later, veterans gathered at "
    "the Cenotaph in Whitehall for a two-minute silence at 11 o'clock.",
    "Hurricane Milton made landfall near Siesta Key, Florida, late on Wednesday as a Category 3 "
    "storm, bringing winds of 120 mph and leaving more than three million homes without power.",
    "The General Data Protection Regulation, which came into force in May 2018, has led to fines "
    "of more than 4.5 billion euros, with Meta Platforms paying the largest single penalty of 1.2 "
    "billion euros.",
    "Leonardo da Vinci's Mona Lisa will be moved to a new room at the Louvre, the museum's "
    "director Laurence des Cars said, as part of a 700 million euro renovation.",
    "Gabriel Garcia Marquez's novel One Hundred Years of Solitude has been adapted into a Netflix "
    "series, filmed entirely in Spanish in Colombia with a cast of about 3,000 people.",
    "Welsh-language schools now teach about 23% of pupils in Wales, and the government wants one "
    "million people to speak Welsh by 2050, the Senedd heard.",
    "Around 1.2 billion people speak Mandarin Chinese, while Hindi, English and Arabic each have "
    "hundreds of millions of speakers, according to a survey by Ethnologue.",
    "The Glastonbury Festival sold out its 210,000 tickets in under an hour on Sunday morning. The "
    "Pyramid Stage headliners for 2025 have not yet been announced.",
    "The Inflation Reduction Act set aside $369 billion for climate and energy programmes, and "
    'Treasury Secretary Janet Yellen said on Thursday that it had "exceeded expectations".',
    "Sony sold 4.5 million PlayStation 5 consoles in the October-December quarter, and said the "
    "PlayStation Portal would go on sale in Japan for 29,980 yen.",
    "About two-thirds of Irish voters backed the change in the 2015 referendum, and roughly 60% "
    "of Catholic respondents said their views had shifted over the previous decade.",
    "The Eiffel Tower closed for a day on Monday as staff went on strike over the management of "
    "the monument, which welcomed 6.3 million visitors in 2023.",
    "The 2026 FIFA World Cup will be played in 16 cities across the United States, Canada and "
    "Mexico, with the final at MetLife Stadium in New Jersey on 19 July.",
    "Researchers at Stanford University trained the model on 1.4 trillion words and it answered "
    "about 92 per cent of the questions correctly, three percentage points better than GPT-4.",
    "Police in Glasgow arrested a 34-year-old man on the M8 motorway at about 11:40pm on Tuesday "
    "after a 12-mile chase. He is due to appear at Glasgow Sheriff Court on Thursday.",
    "The Mars rover Perseverance has collected its 24th rock sample from Jezero Crater, NASA's Jet "
    "Propulsion Laboratory in Pasadena said, roughly three and a half years after landing.",
    "Shares in Rolls-Royce Holdings plc jumped 9.5% to 438.6p on the London Stock Exchange after "
    "the engine maker raised its guidance for the second time this year.",
    "Italian, Greek and Maltese coastguards rescued 1,200 migrants in the central Mediterranean "
    "over the weekend, the International Organization for Migration said in Geneva.",
]

# ---------------------------------------------------------------------------------------------
# Tokenizer stress texts.
# ---------------------------------------------------------------------------------------------
TOK: list[str] = [
    "",
    " ",
    "   ",
    "\n",
    "\n\n\n",
    "\t",
    " \t \n \r\n ",
    "\u00a0",
    "\u00a0\u00a0 \u00a0",
    "a",
    "I",
    ".",
    "...",
    "?!",
    "Hello",
    "Hello, world!",
    " leading space",
    "trailing space ",
    "  both sides  ",
    "\n\nLeading blank lines and trailing ones.\n\n",
    "Visit https://www.example.com/news/2024/05/article-1234?ref=home&utm_source=x#top for more.",
    "Links: http://example.org, https://sub.domain.co.uk/path/to/page.html and www.example.net.",
    "See ftp://files.example.com/pub/data.tar.gz or example.com/page (no scheme).",
    "Email john.doe@example.com or press-office@bbc.co.uk; cc: a_b-c+tag@mail.example.org.",
    "Twitter handles like @BBCNews and hashtags like #Election2024 often appear in articles.",
    "The company raised $1.5bn, up from $900m, while rivals paid €20 and £3 for shares worth ¥500.",
    "Prices: $5, $5.99, $10,000, $1,234,567.89, US$40, C$12, A$7.50, HK$100, 5%, 12.5 %, -3%.",
    "It cost £3.50 (about €4) - or 400p - per kilo; the fee was 20p.",
    "Inflation hit 10.1% in 2022, 6.7% in 2023 and 2.0% in 2024, versus a 2% target.",
    "The meeting starts at 3:30pm on 28th November, 2020, and ends at 17:45 GMT.",
    "Dates: 2020-11-28, 28/11/2020, 11/28/20, Nov. 28, 2020, 28 Nov 2020, the 1990s and the '80s.",
    "Times: 9am, 9 a.m., 9:00 AM, 21:00, noon, midnight, 0930 GMT, 10.30pm.",
    "The U.S. and the U.K. agreed, e.g. on tariffs, i.e. the main issue, said Dr. Smith of Acme Inc.",
    "Mr. and Mrs. Jones met St. Peter's Rev. Green, Prof. Ito, Gen. Lee and Sen. Ortiz at 5 p.m.",
    "Abbrevs: etc., vs., approx., No. 5, Jan. 3, Feb. 14, Corp., Ltd., Co., Jr., Sr., Ph.D., a.k.a.",
    "I don't know, you can't say, we won't go, they're here, it's fine, she'd've, y'all.",
    "He said 'cause it's gonna rain, and we gotta leave 'til then, innit? Wanna come? Dunno.",
    "DON'T SHOUT. Don’t use curly apostrophes? It’s common. Can’t won’t shouldn’t.",
    "A well-known, state-of-the-art, long-term plan for 20-year-olds - not a so-called U-turn.",
    "Hyphens-and–en–dashes—and—em—dashes, plus a minus −5 and a range 1990–1995.",
    "\"Straight double\" and 'straight single' quotes.",
    "“Curly double” and ‘curly single’ quotes.",
    "«Guillemets» and « spaced guillemets » and ‹single›.",
    "„German low” and „Polish”, plus ``LaTeX style'' and ''double apostrophes''.",
    "He said: \"I'm 'fine', thanks\" - and left.",
    "Non\u00a0breaking\u00a0spaces between\u00a0words and 10\u00a0000\u00a0people.",
    "Tabs\tbetween\twords\tand\t\tdouble tabs.",
    "Windows line endings.\r\nSecond line.\r\n\r\nFourth line after blank.\r\n",
    "Multiple   spaces    between     words.",
    "Mixed \t \u00a0 whitespace\u2003em-space\u2009thin\u200bzero-width.",
    "Emoji: 😀 😂 👍 🎉 🇬🇧 🇺🇸 ❤️ ☕",
    "Skin tones: 👍🏽 👋🏿 🧑🏻‍💻 and families 👨‍👩‍👧‍👦 👩‍❤️‍👨 glued😀to words.",
    "Combining marks: cafe\u0301, nai\u0308ve, Zo\u00eb, Ångström, A\u030angstro\u0308m, n\u0303.",
    "Accents: café, naïve, résumé, São Paulo, Zürich, Kraków, Dvořák, Øresund, Łódź.",
    "Русский текст: Москва, Владимир Путин и Газпром. В 2023 году.",
    "Ελληνικά: Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
    "العربية: القاهرة هي عاصمة مصر.",
    "中文：北京是中国的首都。日本語：東京は日本の首都です。한국어: 서울",
    "हिन्दी: नई दिल्ली भारत की राजधानी है।",
    "Mixed scripts: Moscow (Москва), Athens (Αθήνα), Cairo (القاهرة), Beijing (北京), Delhi (दिल्ली).",
    "Hebrew שלום and Thai สวัสดี and Georgian გამარჯობა.",
    "Supercalifragilisticexpialidocious" * 4 + " is a long token.",
    "https://example.com/" + "a" * 60 + "/" + "b" * 60 + "?q=" + "c" * 20,
    "x" * 150,
    "A" + "-" * 120 + "B",
    "- Advertisement -spot_img",
    "- Advertisement -\nspot_img\nRelated articles\nShare this:\nClick to share on Twitter (Opens in new window)",
    "PARIS (Reuters) - France's government survived a no-confidence vote on Monday.",
    "LONDON, March 3 (AP) — Britain's economy shrank in January, official data showed.",
    "WASHINGTON — The White House said on Friday that the talks would continue.",
    "By Jane Smith, Political Correspondent\nPublished 28 November 2020\nUpdated 3:30pm",
    "BREAKING: Earthquake hits Tokyo; no tsunami warning issued.",
    "ALL CAPS HEADLINE ABOUT THE BANK OF ENGLAND AND THE EUROPEAN UNION",
    "all lower case text about barack obama visiting new york city in june",
    "Numbers: 1, 2.5, 1,000, 1.000.000, 3rd, 21st, 42nd, 100th, 1/2, ½, 3x, 4K, 10km, 5kg, 20°C.",
    "Ordinals: first, second, third, 1st, 2nd, 3rd, 4th, twenty-first, 101st.",
    "Quantities: 5 miles, 12 tonnes, 3.5 litres, 200 megawatts, 40 acres, 6ft 2in.",
    "Parentheses (like this), brackets [like this], braces {like this} and <angle> brackets.",
    "Punctuation!!! Really??? Yes... No… Maybe;; ok:: fine,, end.",
    "Slashes and/or backslashes C:\\Users\\name\\file.txt and /usr/local/bin.",
    "Hashes #1, ampersands AT&T, Procter & Gamble, at-signs user@, carets ^ and tildes ~.",
    "Version numbers v1.2.3, Python 3.11, iOS 17.4.1, Windows 11, COVID-19, H1N1, G7, F-35.",
    "Phone: +44 20 7946 0958, (555) 123-4567, 1-800-FLOWERS.",
    ":) :-( ;) <3 :D XD ^_^ -_- :'( o_O",
    "a.b.c a-b-c a/b/c a_b_c a:b:c a;b;c a,b,c a'b'c",
    "'Tis the season. 'twas. rock 'n' roll. the '90s. o'clock. ma'am.",
    "Possessives: James's car, the Joneses' house, Obama's, NASA's, it's vs its.",
    "Mid-sentence line\nbreak and another\nsingle newline.",
    "Paragraph one.\n\nParagraph two.\n\n\nParagraph three after two blank lines.",
    "Line with trailing spaces   \nNext line\t\n  Indented line",
    "\u200b\ufeffZero width and BOM characters\u200d here.",
    "Soft\u00adhyphen and word\u2011joiner non-breaking hyphen.",
    "Ellipsis… curly ’apostrophe’ ‘single’ “double” — dash – dash.",
    "Roman numerals: World War II, Henry VIII, Louis XIV, Super Bowl LVIII.",
    "Initials: J.R.R. Tolkien, George W. Bush, J. K. Rowling, F.B.I., U.N.",
    "Currency codes: USD 5bn, EUR 300m, GBP 12,000, JPY 1tn, CHF 0.5.",
    "Q&A: What's next? A: We'll see. Q: When? A: 2025-ish.",
    "§ 12(3)(b) of the Act; Article 50 TEU; s.1 of the Human Rights Act 1998.",
    "ïnternätiônal ünïcödé wørds and ﬁ ligatures ﬂow.",
    "U.S.-based firms, Sept. 11, pp. 12-15, No.1, A.M. and P.M., 5'11\" tall, e-mail, co-operate.",
    "O'Neill, McDonald's, rock'n'roll, a 1,000-strong crowd, the mid-2020s, a £2.5m-a-year deal.",
    "Scores: 2-0, 3–1, 6-4 6-3; formulas CO2, H2O, 3 × 4 = 12, a+b=c, 60 km/h, 30 m², 451°F.",
    "<p>Some <b>HTML</b> &amp; entities&nbsp;here</p> and **markdown** with [a link](http://x.y).",
    "> Quoted e-mail line\n>> nested quote\n-- \nSignature",
    "Footnotes[1] and references [23], plus a citation (Smith et al., 2019, p. 4).",
    "He paid $1.5bn. She paid £3. They paid €20! We paid 5%? You paid ¥100.",
    "It ends at 3:30pm. Or at 5 p.m. Then U.S. Then Inc.",
    "She works for the UN, the EU, NATO, the WHO, the IMF, Nato and the BBC.",
    "1.\tFirst item\n2.\tSecond item\n3.\tThird item",
    "* bullet one\n* bullet two\n- dash bullet\n• round bullet",
    "KEY POINTS:\n- Rates held at 5%\n- Next meeting on 1 August\n- Vote was 7-2",
    "\"Quote at start,\" he said. 'Another one,' she said. “A third,” they said.",
    "“Nested ‘quotes’ inside” and «nested „quotes“ too».",
    "Apostrophes: it’s, ’90s, rock ’n’ roll, the Smiths’ house, ‘tis.",
    "\u202fnarrow no-break\u202fspace and\u2007figure\u2007space and ideographic\u3000space.",
    "Line\u2028separator and paragraph\u2029separator and form\u000cfeed and vertical\u000btab.",
    "ZWJ sequences: 🏳️‍🌈 🏴‍☠️ 👩🏽‍🚀 🧑‍🤝‍🧑 and keycaps 1️⃣ #️⃣ plus variation ☺︎ ☺️.",
    "Math symbols ∑ ∫ √2 ≈ 1.414 ≤ ∞ and arrows → ← ↑ and boxes ■ □ and music ♪.",
    "Full-width ＡＢＣ１２３ and half-width ｶﾀｶﾅ and 株式会社トヨタ.",
    "Devanagari with virama: क्षत्रिय, श्री, and numerals १२३; Arabic numerals ١٢٣.",
    "Bidi: The name محمد appears in the English sentence with עברית too.",
    "Υπουργός Οικονομικών, Κυριάκος Μητσοτάκης, 15% ΦΠΑ.",
    "Президент России Владимир Путин встретился с Си Цзиньпином в Пекине 16 мая 2024 года.",
    "習近平主席は2024年5月16日に北京でプーチン大統領と会談した。",
    "Very long number 12345678901234567890123456789012345678901234567890 and hex 0xDEADBEEF.",
    "email+" + "x" * 110 + "@example.com",
    "word" + "-word" * 30,
    "CamelCaseWordsLikeJavaScript, snake_case_words, kebab-case-words, SCREAMING_CASE.",
    "Repeated!!!!!!!!!!!!!!!!!!!! and ????????? and .......... and ----------",
    "The 1990s, the 90s, the '90s, 1990's, the 1900s, mid-90s, and the 2010s.",
    "At 12.30, at 12:30:45, at 0800 hrs, on 12/25, at 3pm-4pm, from 9–5.",
    "Money ranges: $5-10m, £1-2bn, €3.5–4.5 billion, between $100 and $200.",
    "Percents: 50 per cent, 50 percent, 50pc, fifty percent, 0.5 pct, 50%-60%.",
]

# Paragraphs built around quotations (added after the first release: they use their own random
# stream so that every earlier text and id stays exactly the same).
QUOTED: list[str] = [
    "“We will not accept this deal,” said union leader Mick Lynch after the meeting in London on "
    "Wednesday. “Our members deserve better than a 3% rise.”",
    "‘It was the best day of my life,’ said 19-year-old Chloe Kelly, whose goal at Wembley won the "
    "European Championship for England in July 2022.",
    "«Nous sommes prêts», a déclaré le ministre. The French minister, Bruno Le Maire, told reporters "
    "in Paris that the budget would be presented on 10 October.",
    "„Das ist ein guter Tag für Deutschland“, sagte Kanzler Scholz in Berlin. Germany's economy "
    "ministry expects growth of 0.3% next year.",
    "``This is a historic moment,'' said Dr. Tedros Adhanom Ghebreyesus, director-general of the "
    "WHO, at a briefing in Geneva on Friday.",
    "The spokesman said: 'The Prime Minister has full confidence in the Chancellor.' Asked about "
    "the £22bn \"black hole\", he added: 'We inherited it.'",
    "\"I don't think it's fair,\" said Ms O'Brien, 42, from Cork. \"They've raised the rent by €250 "
    "a month since 2021 and nobody's fixed the heating.\"",
    "Asked whether Apple's new Vision Pro headset, priced at $3,499, would sell, analyst Ming-Chi Kuo "
    "replied: “Maybe 400,000 units in the first year – no more.”",
    "'Cause we've been waitin' for years, y'know?' said one fan outside Madison Square Garden, "
    "where the Rolling Stones played on Thursday night.",
    "“Nobody expected ‘Barbenheimer’ to happen,” a Warner Bros. executive said of the summer in "
    "which Barbie and Oppenheimer earned more than $2.4bn between them.",
]

# Short clutter lines that news pages put around an article.
CLUTTER: list[str] = [
    "- Advertisement -spot_img",
    "- Advertisement -",
    "spot_img",
    "Share this article",
    "Related Topics",
    "Click here to subscribe to our newsletter",
    "Image caption, Police at the scene on Monday",
    "Image source, Getty Images",
    "Read more:",
    "Sign up for our daily briefing",
    "Follow us on Facebook, Twitter and Instagram",
    "© 2024 Example Media Ltd. All rights reserved.",
    "Cookie settings | Privacy policy | Terms of use",
    "Advertisement",
    "Skip to main content",
]

DATELINES: list[str] = [
    "PARIS (Reuters) - ",
    "NEW YORK (AP) — ",
    "TOKYO, June 3 (Reuters) - ",
    "NAIROBI, Kenya — ",
    "BERLIN -- ",
    "SYDNEY: ",
    "",
]

HEADLINES: list[str] = [
    "Markets rally as central banks hold rates",
    "Minister quits over leaked memo",
    "Storm leaves 40,000 homes without power",
    "City win title on final day",
    "Scientists hail 'breakthrough' in battery design",
    "Court blocks new immigration rules",
    "Record crowds at summer festival",
    "Tech giant fined €1.2bn by regulator",
]

QUOTE_SETS = [
    ("\u201c", "\u201d"),
    ("\u2018", "\u2019"),
    ("\u00ab", "\u00bb"),
    ("\u201e", "\u201d"),
    ("``", "''"),
    ("'", "'"),
]


def json_line(obj, **kwargs) -> str:
    """One JSON line, UTF-8 kept readable; line/paragraph separators and NEL escaped so that no
    reader splitting on Unicode line breaks (e.g. Python's str.splitlines) can cut a record."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085") + "\n"


def requote(text: str, rng: random.Random) -> str:
    """Replace straight double quotes with a randomly chosen pair, alternating open/close."""
    left, right = rng.choice(QUOTE_SETS)
    out = []
    opening = True
    for ch in text:
        if ch == '"':
            out.append(left if opening else right)
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def rewhite(text: str, rng: random.Random) -> str:
    """Rewrite some spaces into odd whitespace and pick a line ending style."""
    kinds = [" ", " ", " ", " ", "  ", "\u00a0", "\t", " \n", "\n"]
    words = text.split(" ")
    out = words[0]
    for word in words[1:]:
        out += (rng.choice(kinds) if rng.random() < 0.25 else " ") + word
    return out


def paragraphize(paras: list[str], rng: random.Random) -> str:
    sep = rng.choice(["\n\n", "\n", "\r\n\r\n", "\n \n", "\n\n\n"])
    return sep.join(paras)


def make_texts() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    texts: list[dict[str, str]] = []

    counts: dict[str, int] = {}

    def add(kind: str, text: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1
        texts.append({"id": f"{kind}-{counts[kind]:04d}", "text": text})

    for para in NEWS:
        add("news", para)
    for text in TOK:
        add("tok", text)

    # Whitespace and quote variants of the news paragraphs.
    for para in NEWS:
        add("mixws", rewhite(para, rng))
    for para in NEWS:
        if '"' in para:
            add("mixq", requote(para, rng))
    # Lower-case and upper-case variants (casing changes shapes and entities).
    for para in rng.sample(NEWS, 12):
        add("mixcase", para.lower())
    for para in rng.sample(NEWS, 8):
        add("mixcase", para.upper())

    # Page-like articles: clutter, headline, byline, dateline, several paragraphs.
    for _ in range(90):
        n = rng.randint(2, 6)
        paras = rng.sample(NEWS, n)
        paras[0] = rng.choice(DATELINES) + paras[0]
        lines: list[str] = []
        if rng.random() < 0.6:
            lines.append(rng.choice(CLUTTER))
        lines.append(rng.choice(HEADLINES))
        if rng.random() < 0.5:
            lines.append(
                f"{rng.randint(1, 28)} {rng.choice(['January', 'March', 'June', 'October'])} {rng.randint(1995, 2025)}"
            )
        body: list[str] = []
        for para in paras:
            body.append(para)
            if rng.random() < 0.3:
                body.append(rng.choice(CLUTTER))
            if rng.random() < 0.15:
                body.append(rng.choice(TOK[20:]))
        text = "\n".join(lines) + "\n\n" + paragraphize(body, rng)
        if rng.random() < 0.3:
            text = rewhite(text, rng)
        if rng.random() < 0.2:
            text = requote(text, rng)
        if rng.random() < 0.2:
            text = text.replace("\n", "\r\n")
        if rng.random() < 0.2:
            text = rng.choice(["  ", "\n", "\ufeff", "\t"]) + text + rng.choice(["\n", "  ", "\n\n"])
        add("mixpage", text)

    # Mixtures of stress texts and news sentences.
    stress = [t for t in TOK if t.strip()]
    for _ in range(60):
        parts = rng.sample(stress, rng.randint(2, 4)) + rng.sample(NEWS, 1)
        rng.shuffle(parts)
        add("mixtok", rng.choice([" ", "\n", "\n\n", "  "]).join(parts))

    # Sentence splits and joins: news sentences glued without spaces, or one sentence per line.
    for para in rng.sample(NEWS, 15):
        sents = para.split(". ")
        add("mixsent", ".\n".join(sents))
    for para in rng.sample(NEWS, 10):
        add("mixsent", para.replace(". ", "."))

    # Long live-blog style texts (20-40 lines): timestamps, one sentence per line, clutter.
    sentences = [s.strip() for para in NEWS for s in para.split(". ") if s.strip()]
    for _ in range(12):
        lines = []
        hour, minute = rng.randint(6, 20), rng.randint(0, 59)
        for _ in range(rng.randint(20, 40)):
            minute += rng.randint(1, 25)
            hour, minute = hour + minute // 60, minute % 60
            roll = rng.random()
            if roll < 0.15:
                lines.append(rng.choice(CLUTTER))
            elif roll < 0.25:
                lines.append("")
            else:
                stamp = rng.choice(
                    [f"{hour:02d}:{minute:02d}", f"{hour % 12 or 12}.{minute:02d}pm", f"{hour}:{minute:02d} GMT"]
                )
                lines.append(f"{stamp} {rng.choice(sentences).rstrip('.')}.")
        add("mixlive", rng.choice(["\n", "\r\n"]).join(lines))

    # Later additions, on their own random stream (see QUOTED).
    rng2 = random.Random(SEED + 1)
    for para in QUOTED:
        add("quote", para)
    for _ in range(30):
        paras = rng2.sample(QUOTED, rng2.randint(1, 3)) + rng2.sample(NEWS, rng2.randint(1, 3))
        rng2.shuffle(paras)
        text = paragraphize(paras, rng2)
        if rng2.random() < 0.4:
            text = rewhite(text, rng2)
        if rng2.random() < 0.5:
            text = requote(text, rng2)
        add("mixquote", text)

    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(Path(__file__).with_name("texts.jsonl")))
    args = parser.parse_args()
    texts = make_texts()
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for item in texts:
            f.write(json_line(item))
    print(f"wrote {len(texts)} texts to {args.out}")


if __name__ == "__main__":
    main()
