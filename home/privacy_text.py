"""Polish default text of the privacy notice (klauzula informacyjna, RODO art. 13).

Each function gives one section's default (rich text): a new PrivacyNoticePage, in the admin or in
the demo, starts with it, and the operator edits it to name its own controller and officer. Content,
not interface: it is written in the site's content language, like the plan's chapters.
"""


def controller():
    return (
        "<p>Administratorem Pani/Pana danych osobowych jest Regionalny Ośrodek Polityki Społecznej, który "
        "w imieniu Zarządu Województwa prowadzi konsultacje społeczne projektu planu. Z administratorem "
        "można się skontaktować listownie, na adres jego siedziby, lub pocztą elektroniczną.</p>"
    )


def dpo_contact():
    return (
        "<p>Z inspektorem ochrony danych można się kontaktować we wszystkich sprawach dotyczących "
        "przetwarzania danych osobowych oraz korzystania z praw związanych z ich przetwarzaniem.</p>"
    )


def purposes():
    return (
        "<p>Pani/Pana dane osobowe przetwarzamy w celu:</p><ul>"
        "<li>przeprowadzenia konsultacji społecznych projektu planu: przyjęcia, potwierdzenia i rozpatrzenia "
        "uwagi, odpowiedzi lub zgłoszenia naruszenia zasad oraz kontaktu w ich sprawie;</li>"
        "<li>opublikowania uwag i stanowiska wobec nich oraz sporządzenia i opublikowania raportu "
        "(sprawozdania) z konsultacji;</li>"
        "<li>ochrony serwisu przed nadużyciami (ograniczenie liczby zgłoszeń z jednego adresu IP);</li>"
        "<li>archiwizacji dokumentacji konsultacji.</li></ul>"
    )


def legal_basis():
    return (
        "<p>Podstawą prawną przetwarzania jest art. 6 ust. 1 lit. c RODO — wypełnienie obowiązku prawnego "
        "ciążącego na administratorze, wynikającego z art. 6 ustawy z dnia 6 grudnia 2006 r. o zasadach "
        "prowadzenia polityki rozwoju (przeprowadzenie konsultacji i sporządzenie sprawozdania z nich), "
        "oraz art. 6 ust. 1 lit. e RODO — wykonanie zadania realizowanego w interesie publicznym "
        "(ustawa z dnia 5 czerwca 1998 r. o samorządzie województwa).</p>"
        "<p>Jeżeli jako osoba prywatna zgodzi się Pani/Pan na publikację imienia i nazwiska przy uwadze, "
        "podstawą tej publikacji jest zgoda (art. 6 ust. 1 lit. a RODO); bez niej uwaga jest publikowana "
        "pod pseudonimem.</p>"
    )


def recipients():
    return (
        "<p>Uwagi i odpowiedzi opublikowane po moderacji, z podpisem (nazwą organizacji albo imieniem "
        "i nazwiskiem lub pseudonimem osoby prywatnej) i z odpowiedzią zespołu ekspertów, są informacją "
        "publiczną dostępną dla każdego: w serwisie, w raporcie z konsultacji i w Biuletynie Informacji "
        "Publicznej. Adresu e-mail ani adresu IP nigdy nie publikujemy.</p>"
        "<p>Dane mogą otrzymać podmioty przetwarzające je na zlecenie administratora (dostawcy usług "
        "utrzymania serwisu i poczty elektronicznej), na podstawie umów powierzenia, oraz organy "
        "uprawnione na podstawie przepisów prawa. Nie przekazujemy danych do państw trzecich ani "
        "organizacji międzynarodowych.</p>"
    )


def retention():
    return (
        "<p>Uwagi wraz z podpisem przechowujemy jako część dokumentacji konsultacji przez okres wynikający "
        "z przepisów o narodowym zasobie archiwalnym i archiwach oraz z jednolitego rzeczowego wykazu akt "
        "administratora. Adres e-mail służy do potwierdzenia uwagi i kontaktu w jej sprawie.</p>"
    )


def rights():
    return (
        "<p>Ma Pani/Pan prawo dostępu do swoich danych, ich sprostowania, ograniczenia przetwarzania oraz "
        "wniesienia sprzeciwu wobec przetwarzania (art. 15, 16, 18 i 21 RODO), a zgodę na publikację "
        "imienia i nazwiska może Pani/Pan wycofać w dowolnym momencie, bez wpływu na zgodność z prawem "
        "przetwarzania przed jej wycofaniem. Usunięcia danych (art. 17 RODO) można żądać w granicach "
        "przewidzianych prawem: podpis zastępujemy wtedy pseudonimem, a treść uwagi pozostaje "
        "w dokumentacji konsultacji.</p>"
        "<p>Przysługuje Pani/Panu prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych "
        "(ul. Stawki 2, 00-193 Warszawa), jeżeli uzna Pani/Pan, że przetwarzanie narusza przepisy RODO.</p>"
    )


def other_information():
    return (
        "<p>Podanie danych jest dobrowolne, ale niezbędne do zgłoszenia uwagi: bez adresu e-mail nie "
        "możemy potwierdzić zgłoszenia ani się w jego sprawie skontaktować. Dane nie służą do "
        "zautomatyzowanego podejmowania decyzji, w tym profilowania.</p>"
    )
