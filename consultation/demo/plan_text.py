"""Demo text of the Lubelskie plan, written from public documents of the Lubelskie ROPS.

Each chapter is (number, title, blocks); a block is ("paragraph", html), ("heading", text),
("list", [items], ordered) or ("table", caption, rows with the header first).
"""

PLAN = {
    "title": "Drogowskaz rozwoju społecznego — Wieloletni regionalny plan działań na rzecz promocji "
             "i upowszechniania ekonomii społecznej w województwie lubelskim",
    "slug": "drogowskaz-rozwoju-spolecznego",
    "region": "lubelskie",
    "period": (2013, 2020),
    "intro": (
        "<p>Regionalny Ośrodek Polityki Społecznej w Lublinie przedstawia do konsultacji społecznych projekt "
        "Wieloletniego regionalnego planu działań na rzecz promocji i upowszechniania ekonomii społecznej. "
        "Plan przygotował Zespół ekspertów ds. wdrażania i promocji ekonomii społecznej w województwie lubelskim.</p>"
        "<p>Zachęcamy mieszkańców, organizacje pozarządowe, podmioty ekonomii społecznej, ośrodki wsparcia "
        "i samorządy do komentowania każdego akapitu. Na każdą uwagę odpowiemy w raporcie z konsultacji.</p>"
    ),
}

CHAPTERS = [
    (1, "Diagnoza sytuacji ekonomii społecznej w regionie", [
        ("paragraph", "<p>Województwo lubelskie należy do regionów o najniższym poziomie PKB na mieszkańca "
                      "w Polsce. Wysoki udział ludności wiejskiej, długotrwałe bezrobocie i odpływ młodych "
                      "osób do większych ośrodków sprawiają, że potrzeby w zakresie integracji społecznej "
                      "i zawodowej są tu szczególnie duże.</p>"),
        ("heading", "Podmioty ekonomii społecznej"),
        ("paragraph", "<p>W regionie działa ponad 4 000 organizacji pozarządowych, z czego około 300 prowadzi "
                      "działalność gospodarczą lub odpłatną działalność pożytku publicznego. Działa 38 spółdzielni "
                      "socjalnych, 12 centrów integracji społecznej, 9 klubów integracji społecznej, 26 warsztatów "
                      "terapii zajęciowej oraz 5 zakładów aktywności zawodowej.</p>"),
        ("paragraph", "<p>Podmioty ekonomii społecznej są rozmieszczone nierównomiernie: ponad połowa z nich "
                      "działa w Lublinie i jego najbliższym otoczeniu, a w powiatach wschodnich, przy granicy "
                      "z Ukrainą i Białorusią, pojedyncze gminy nie mają żadnego podmiotu reintegracyjnego.</p>"),
        ("heading", "Infrastruktura wsparcia"),
        ("paragraph", "<p>Wsparcie doradczo-szkoleniowe zapewniają ośrodki wsparcia ekonomii społecznej (OWES) "
                      "finansowane ze środków Europejskiego Funduszu Społecznego. Ich oferta koncentruje się na "
                      "tworzeniu nowych miejsc pracy; brakuje wsparcia w rozwoju przedsiębiorstw społecznych, "
                      "które już działają.</p>"),
        ("list", ["niska rozpoznawalność ekonomii społecznej wśród mieszkańców i przedsiębiorców,",
                  "słaba współpraca podmiotów ekonomii społecznej z biznesem,",
                  "rzadkie stosowanie klauzul społecznych w zamówieniach publicznych przez samorządy,",
                  "uzależnienie wielu podmiotów od dotacji projektowych."], False),
    ]),
    (2, "Prognoza trendów rozwojowych", [
        ("paragraph", "<p>W latach 2013–2020 należy spodziewać się dalszego starzenia się mieszkańców regionu. "
                      "Rosnąć będzie zapotrzebowanie na usługi opiekuńcze dla osób starszych i niesamodzielnych, "
                      "które mogą świadczyć podmioty ekonomii społecznej.</p>"),
        ("paragraph", "<p>Nowy okres programowania funduszy Unii Europejskiej przesunie ciężar wsparcia na "
                      "poziom regionalny. Samorząd województwa stanie się głównym koordynatorem polityki wobec "
                      "ekonomii społecznej, co wymaga wzmocnienia kompetencji Regionalnego Ośrodka Polityki "
                      "Społecznej.</p>"),
        ("paragraph", "<p>Przewidujemy wzrost liczby spółdzielni socjalnych zakładanych przez osoby prawne, "
                      "w tym gminy i organizacje pozarządowe, przy jednoczesnym zmniejszeniu udziału spółdzielni "
                      "zakładanych wyłącznie przez osoby bezrobotne.</p>"),
        ("paragraph", "<p>Szansą dla sektora jest rozwój społecznie odpowiedzialnych zamówień publicznych oraz "
                      "rosnące zainteresowanie konsumentów produktami wytwarzanymi lokalnie i etycznie.</p>"),
    ]),
    (3, "Cele rozwoju", [
        ("paragraph", "<p>Celem głównym planu jest rozwój ekonomii społecznej jako trwałego elementu polityki "
                      "rozwoju województwa lubelskiego, poprzez rozwój mechanizmów współpracy oraz nowoczesny "
                      "i skuteczny system wsparcia.</p>"),
        ("heading", "Cele szczegółowe"),
        ("list", ["Instytucjonalne stworzenie zasad rozwoju ekonomii społecznej w regionie.",
                  "Rozwój podmiotów ekonomii społecznej w zakresie reintegracji zawodowej, integracji społecznej "
                  "oraz dostępnych usług społecznych.",
                  "Stworzenie docelowej sieci infrastrukturalnego wsparcia ekonomii społecznej na Lubelszczyźnie.",
                  "Zaprojektowanie mechanizmów współpracy samorządu województwa z samorządami powiatów i gmin.",
                  "Promocja ekonomii społecznej poprzez system oświaty oraz system edukacji dorosłych."], True),
        ("paragraph", "<p>Cele planu są spójne z Krajowym Programem Rozwoju Ekonomii Społecznej oraz ze Strategią "
                      "rozwoju województwa lubelskiego, do której plan stanowi załącznik.</p>"),
    ]),
    (4, "Wskaźniki realizacji", [
        ("paragraph", "<p>Postęp realizacji planu będzie mierzony wskaźnikami produktu i rezultatu. Wartości "
                      "bazowe pochodzą z badania stanu ekonomii społecznej przeprowadzonego przez ROPS w 2012 roku.</p>"),
        ("table", "Wskaźniki realizacji celów planu", [
            ["Wskaźnik", "Wartość bazowa (2012)", "Wartość docelowa (2020)", "Źródło danych"],
            ["Liczba spółdzielni socjalnych", "38", "90", "Krajowy Rejestr Sądowy"],
            ["Liczba miejsc pracy w przedsiębiorstwach społecznych", "420", "1 200", "badanie ROPS"],
            ["Liczba gmin stosujących klauzule społeczne", "3", "40", "ankieta wśród JST"],
            ["Liczba akredytowanych OWES", "2", "6", "rejestr MPiPS"],
        ]),
        ("paragraph", "<p>Wskaźniki będą aktualizowane co roku w raporcie z realizacji planu i przedstawiane "
                      "Zarządowi oraz Sejmikowi Województwa.</p>"),
    ]),
    (5, "Kierunki interwencji", [
        ("paragraph", "<p>Kierunki interwencji wskazują działania, które samorząd województwa podejmie "
                      "samodzielnie lub wspólnie z partnerami, aby osiągnąć cele planu.</p>"),
        ("heading", "Współpraca międzysektorowa"),
        ("paragraph", "<p>Powołamy Regionalny Komitet Rozwoju Ekonomii Społecznej jako ciało przedstawicielskie, "
                      "które w partycypacyjny sposób włączy się w planowanie i koordynację działań. W jego skład "
                      "wejdą przedstawiciele samorządów, organizacji pozarządowych, przedsiębiorstw społecznych, "
                      "OWES i środowiska akademickiego.</p>"),
        ("list", ["szkolenia dla pracowników JST o klauzulach społecznych w zamówieniach publicznych,",
                  "katalog dobrych praktyk podmiotów ekonomii społecznej z regionu,",
                  "regionalne targi ekonomii społecznej połączone z konferencją,",
                  "Biuletyn Ekonomii Społecznej wydawany dwa razy w roku."], False),
        ("heading", "Rynki dla przedsiębiorstw społecznych"),
        ("paragraph", "<p>Wspieramy tworzenie powiązań między biznesem a podmiotami ekonomii społecznej: "
                      "podmiotami reintegracyjnymi, takimi jak CIS i WTZ, oraz przedsiębiorstwami społecznymi, "
                      "w tym spółdzielniami socjalnymi.</p>"),
    ]),
    (6, "System realizacji i ramy finansowe", [
        ("paragraph", "<p>Koordynatorem realizacji planu jest Regionalny Ośrodek Polityki Społecznej w Lublinie. "
                      "Za realizację poszczególnych działań odpowiadają wskazane w planie departamenty Urzędu "
                      "Marszałkowskiego, Wojewódzki Urząd Pracy oraz partnerzy społeczni.</p>"),
        ("table", "Szacunkowe ramy finansowe planu (mln zł)", [
            ["Źródło finansowania", "2014–2016", "2017–2020", "Razem"],
            ["Europejski Fundusz Społeczny", "42,0", "58,5", "100,5"],
            ["Budżet państwa", "6,2", "8,1", "14,3"],
            ["Budżet województwa", "3,5", "4,5", "8,0"],
            ["Budżety JST", "2,1", "3,9", "6,0"],
        ]),
        ("paragraph", "<p>Ramy finansowe mają charakter indykatywny. Ostateczna wysokość środków zależy od "
                      "rozstrzygnięć Regionalnego Programu Operacyjnego na lata 2014–2020.</p>"),
    ]),
    (7, "System monitorowania", [
        ("paragraph", "<p>Obowiązkiem ROPS jest monitoring i ewaluacja realizacji planu. Efektem tego procesu "
                      "są coroczne raporty z realizacji planu wraz z oceną realizacji wskaźników, okresowe raporty "
                      "przedstawiane Zarządowi i Sejmikowi oraz raporty ewaluacyjne.</p>"),
        ("paragraph", "<p>Raporty z monitoringu będą publikowane na tej stronie i poddawane dyskusji "
                      "Regionalnego Komitetu Rozwoju Ekonomii Społecznej.</p>"),
        ("paragraph", "<p>Ewaluacja śródokresowa zostanie przeprowadzona w 2017 roku, a ewaluacja końcowa "
                      "po zakończeniu okresu objętego planem.</p>"),
    ]),
]

# (chapter number, paragraph number, state, title, text, name, organisation, response)
# state: unconfirmed | pending | published | rejected; response: (disposition, justification) or None.
COMMENTS = [
    (1, 2, "published", "Brakuje danych o podmiotach w powiatach",
     "Diagnoza podaje liczby dla całego województwa. Prosimy o zestawienie w podziale na powiaty — bez tego "
     "trudno zaplanować sieć OWES.", "Anna Kowalczyk", "Stowarzyszenie Razem dla Regionu",
     ("accepted", "Dodamy tabelę z liczbą podmiotów w podziale na powiaty na podstawie badania ROPS z 2012 r.")),
    (1, 4, "published", "Wsparcie dla działających przedsiębiorstw",
     "Zgadzam się z diagnozą. Jako spółdzielnia socjalna działająca od 5 lat nie mamy gdzie szukać wsparcia "
     "w rozwoju — oferta OWES dotyczy tylko zakładania nowych podmiotów.", "Marek Wiśniewski",
     "Spółdzielnia Socjalna Pod Dębem", ("partly", "Wprowadzimy kierunek interwencji dotyczący wsparcia "
                                                   "rozwoju istniejących przedsiębiorstw społecznych; zakres "
                                                   "zależy od kryteriów konkursu dla OWES.")),
    (3, 2, "published", "Edukacja dorosłych",
     "Warto dopisać uniwersytety trzeciego wieku jako partnera w promocji ekonomii społecznej.",
     "Halina Zając", "", None),
    (4, 2, "published", "Wartość docelowa zbyt ambitna?",
     "Wzrost z 38 do 90 spółdzielni socjalnych w ciągu ośmiu lat wydaje się mało realny bez stabilnego "
     "finansowania po okresie dotacji.", "Urząd Gminy Wierzbica", "Urząd Gminy Wierzbica",
     ("explanation", "Wartość docelowa wynika z prognozy na podstawie trendu z lat 2009–2012 oraz planowanej "
                     "alokacji EFS. Będzie weryfikowana w ewaluacji śródokresowej.")),
    (5, 3, "pending", "Komitet — kto wybiera członków?",
     "Proszę opisać, w jaki sposób będą wybierani przedstawiciele organizacji pozarządowych do Komitetu.",
     "Tomasz Nowak", "", None),
    (5, 4, "pending", "Klauzule społeczne",
     "Proponuję dodać doradztwo prawne dla gmin przy pierwszym zamówieniu z klauzulą społeczną.",
     "Ewa Lis", "Fundacja Idea Rozwoju", None),
    (3, 1, "unconfirmed", "Cel główny zbyt ogólny",
     "Cel główny nie mówi, o ile ma wzrosnąć zatrudnienie w podmiotach ekonomii społecznej.",
     "Krzysztof Wójcik", "", None),
    (2, 1, "rejected", "REKLAMA", "Najlepsze kredyty bez BIK, zadzwoń!", "spam", "", None),
    (6, 2, "published", "Udział budżetów JST",
     "Gminy nie zostały zapytane o możliwość współfinansowania. Kwota 6 mln zł jest nieuzgodniona.",
     "Związek Gmin Lubelszczyzny", "Związek Gmin Lubelszczyzny",
     ("not_accepted", "Ramy finansowe mają charakter indykatywny i nie stanowią zobowiązania gmin; zostaną "
                      "uzgodnione w porozumieniach o współpracy.")),
]

VERSION_1_LABEL = "projekt do konsultacji"
VERSION_2_LABEL = "projekt uzupełniony w trakcie konsultacji"

# Edits published as version 2: (chapter number, operation, block index, html).
VERSION_2_EDITS = [
    (1, "replace", 2,
     "<p>W regionie działa ponad 4 000 organizacji pozarządowych, z czego około 300 prowadzi działalność "
     "gospodarczą lub odpłatną działalność pożytku publicznego. Działa 38 spółdzielni socjalnych, 12 centrów "
     "integracji społecznej, 9 klubów integracji społecznej, 26 warsztatów terapii zajęciowej oraz 5 zakładów "
     "aktywności zawodowej. Zestawienie podmiotów w podziale na powiaty zawiera aneks do diagnozy.</p>"),
    (1, "insert", 3,
     "<p>Najwięcej podmiotów ekonomii społecznej działa w Lublinie (41%), powiecie puławskim (9%) i zamojskim "
     "(7%); najmniej w powiatach włodawskim, parczewskim i hrubieszowskim, gdzie działają pojedyncze podmioty.</p>"),
    (7, "delete", 2, None),
]

ADOPTED_PLAN = {
    "title": "Roczny plan działań ROPS na rzecz ekonomii społecznej na 2012 rok",
    "slug": "roczny-plan-dzialan-2012",
    "region": "lubelskie",
    "period": (2012, 2012),
    "intro": "<p>Plan przyjęty uchwałą Zarządu Województwa po konsultacjach społecznych.</p>",
    "resolution_number": "XLII/512/2012",
}

ADOPTED_CHAPTERS = [
    (1, "Cele na rok 2012", [
        ("paragraph", "<p>W 2012 roku ROPS powoła Zespół ekspertów ds. wdrażania i promocji ekonomii społecznej "
                      "oraz przygotuje założenia wieloletniego planu działań.</p>"),
        ("paragraph", "<p>Zorganizujemy dwudniowe szkolenia dla pracowników samorządów dotyczące uwzględniania "
                      "ekonomii społecznej w dokumentach programowych.</p>"),
    ]),
    (2, "Promocja ekonomii społecznej", [
        ("paragraph", "<p>Wydamy Katalog dobrych praktyk podmiotów ekonomii społecznej z województwa lubelskiego "
                      "i zorganizujemy regionalne targi ekonomii społecznej.</p>"),
        ("list", ["konferencja regionalna,", "Biuletyn Ekonomii Społecznej,", "katalog dobrych praktyk."], False),
    ]),
]

# Comments on the adopted plan, made during its consultation: (chapter, paragraph, title, text, name,
# organisation, disposition, justification).
ADOPTED_COMMENTS = [
    (1, 1, "Skład Zespołu ekspertów", "Prosimy o udział przedstawiciela spółdzielni socjalnych w Zespole.",
     "Ogólnopolski Związek Rewizyjny Spółdzielni Socjalnych", "Ogólnopolski Związek Rewizyjny Spółdzielni Socjalnych",
     "accepted", "Przedstawiciel OZRSS wejdzie w skład Zespołu ekspertów."),
    (1, 2, "Szkolenia także dla OPS", "Szkolenia powinny objąć pracowników ośrodków pomocy społecznej.",
     "Barbara Szymczyk", "", "partly", "Szkolenia obejmą pracowników OPS w miarę wolnych miejsc."),
    (2, 2, "Biuletyn w wersji elektronicznej", "Biuletyn powinien być też dostępny jako dostępny PDF i strona www.",
     "Ewa Stojanowska", "", "explanation", "Biuletyn będzie publikowany również na stronie ROPS."),
]
