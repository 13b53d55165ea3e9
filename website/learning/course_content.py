"""The demo course about Llar, in Catalan: units and the certification question bank.

Written for Llar (facts from the domain notes, sentences our own). Coordinators
edit it afterwards in the page editor; seed_demo never overwrites their changes.
"""

COURSE_TITLE = "Curs bàsic de Llar"
COURSE_INTRO = (
    "<p>Els serveis socials bàsics són la porta d'entrada al sistema públic de "
    "serveis socials: informen, orienten, valoren cada situació i acompanyen les "
    "persones i les famílies del seu territori.</p>"
    "<p>Llar és l'eina on els equips d'aquests serveis registren la seva feina: qui "
    "atenen, què els demanen, què hi detecten, quins recursos s'hi posen i com "
    "evoluciona cada pla. Aquest curs explica com està organitzat el servei dins de "
    "Llar i com s'hi treballa cada dia. En acabar-lo podeu fer la prova de "
    "certificació i obtenir un certificat de coneixements bàsics.</p>"
)

UNITS = [
    {
        "slug": "servei-i-organitzacio",
        "title": "El servei i la seva organització",
        "summary": "Accés, mòduls, perfils i permisos, equips i sectors.",
        "body": [
            (
                "text",
                "<h2>Entrar a Llar</h2><p>Cada professional entra amb el seu usuari "
                "personal. L'espai de treball es mostra en català i cadascú pot triar "
                "castellà o anglès al seu compte. Qui té més d'un perfil els té tots "
                "alhora: no cal canviar de sessió.</p>"
                "<h2>L'àrea bàsica, els sectors i els equips</h2><p>L'àrea bàsica de "
                "serveis socials (ABSS) és la unitat de treball: totes les persones, "
                "expedients i cites pertanyen a una àrea, i una àrea no veu mai les "
                "dades d'una altra. Cada municipi que cobreix l'àrea és un sector, que "
                "es pot dividir en subsectors (barris o zones). Els professionals "
                "treballen en equips territorials o temàtics, i cada equip treballa en "
                "un o més sectors.</p>",
            ),
            (
                "callout",
                "Si obriu un enllaç a una fitxa d'una altra àrea, Llar respon que la "
                "pàgina no existeix: fora del vostre àmbit, les dades no es mostren "
                "ni tan sols per dir que hi són.",
            ),
            (
                "text",
                "<h2>Perfils i permisos</h2><p>El perfil decideix què es pot fer; "
                "l'àmbit (àrea, mòdul, equip i sector) decideix sobre quines dades. "
                "El personal administratiu registra la identificació i l'adreça de "
                "les persones i dona cites, però no veu el contingut de les "
                "actuacions. Les tècniques i els tècnics de serveis socials treballen "
                "els expedients d'atenció primària; els perfils especialitzats (SAD, "
                "SIAD, immigració i EAIA) treballen els del seu mòdul. La coordinació "
                "veu la feina dels seus equips, edita els professionals i els "
                "catàlegs i té les eines de coordinació. L'administració crea els "
                "professionals, els equips i els subsectors.</p>"
                "<h2>Els professionals d'una fitxa</h2><p>A cada fitxa i expedient hi "
                "consta el professional de referència (el responsable), en els "
                "expedients també el correferent (qui el substitueix), qui el va "
                "donar d'alta i qui el va modificar per darrer cop. Cap fitxa ni cap "
                "expedient no es queda mai sense professional de referència.</p>",
            ),
            (
                "try_it",
                (
                    "Veure els professionals de l'àrea",
                    "/admin/users/",
                    "la llista dels professionals de l'àrea amb el perfil, els equips i els sectors de cadascú. L'administració hi dona d'alta els professionals i la coordinació els edita i els dona de baixa.",
                ),
            ),
        ],
    },
    {
        "slug": "registrar-atencio",
        "title": "Registrar l'atenció i la intervenció",
        "summary": "Pantalla d'inici, cercador, fitxa personal, agenda i expedients.",
        "body": [
            (
                "text",
                "<h2>La pantalla d'inici</h2><p>En entrar, cada professional veu les "
                "seves incidències i les alertes que li toquen: plans que vencen, "
                "recursos pendents, expedients sense activitat.</p>"
                "<h2>Primer, buscar</h2><p>Quan arriba una persona, el primer pas és "
                "comprovar al cercador si ja és coneguda. El cercador troba el nom "
                "escrit en qualsevol ordre, amb accents o sense, i el document "
                "d'identitat escrit de qualsevol manera (amb punts, guions o "
                "espais). Només si no hi és es crea una fitxa nova, i Llar avisa si "
                "hi ha una fitxa semblant abans de desar-la.</p>"
                "<h2>La fitxa personal</h2><p>La fitxa és única per a cada persona i "
                "la comparteixen tots els expedients de tots els mòduls. Hi ha les "
                "dades d'identificació, l'adreça de residència, la convivència, la "
                "dependència i la discapacitat, i un bloc ampliat (feina, ingressos, "
                "situació administrativa, estudis, xarxa social) que només veuen els "
                "perfils tècnics i la coordinació. La fitxa no conté notes "
                "d'intervenció: aquestes van als expedients.</p>",
            ),
            (
                "callout",
                "El municipi de residència de la fitxa és important: demandes, "
                "problemàtiques, recursos i tràmits només es poden registrar per a "
                "persones que resideixen en un municipi de l'àrea.",
            ),
            (
                "text",
                "<h2>L'expedient</h2><p>L'expedient d'atenció primària recull la feina "
                "amb una unitat de convivència: les persones vinculades (amb una "
                "persona principal), les actuacions, les demandes, les "
                "problemàtiques, els recursos, els tràmits, els plans d'intervenció "
                "i l'habitatge. Obrir i tancar l'expedient genera actuacions "
                "automàtiques; per tancar-lo cal indicar el motiu. Passat el termini "
                "que fixa l'àrea, una actuació ja no es pot modificar, però es "
                "continua podent llegir.</p>"
                "<h2>Els documents de l'expedient</h2><p>A la pestanya Documents "
                "s'arxiven els papers de l'expedient: el consentiment signat, els "
                "informes d'altres serveis, els formularis d'un tràmit. Cada "
                "document té un títol, un tipus (del catàleg de l'àrea), una data, "
                "les persones vinculades a qui fa referència i, si cal, l'actuació, "
                "el recurs, el tràmit o el pla d'on penja. S'hi poden adjuntar "
                "fitxers PDF, JPEG, PNG, DOCX i ODT: Llar en mira el contingut, no "
                "només el nom, i refusa un fitxer massa gran o que no és el que "
                "diu. Els fitxers es guarden fora del web i només els descarrega "
                "qui pot veure l'expedient (els confidencials segueixen la seva "
                "regla); cada descàrrega queda als registres.</p>"
                "<h2>L'agenda</h2><p>L'agenda (menú Agenda) mostra per dia, setmana "
                "o mes les cites i reserves d'un professional o d'un equip, amb els "
                "espais de permanència. A la pròpia, el color és l'estat de la cita; "
                "a la d'altres, el color de cada professional. Qui no pot veure la "
                "persona hi llegeix «Ocupat». Una cita nova es crea des de l'agenda, "
                "el cercador, la fitxa personal o l'expedient; Llar comprova "
                "l'horari de treball del professional en el sector i que no "
                "coincideixi amb una altra cita. Arrossegar una cita la canvia "
                "d'hora amb les mateixes comprovacions.</p>"
                "<p>Quan es registra que una entrevista s'ha fet, Llar proposa "
                "escriure'n l'actuació a l'expedient. La pestanya Agenda de la fitxa "
                "mostra les visites passades, amb l'assistència, i les properes; de "
                "cada cita es pot imprimir el recordatori i el justificant "
                "d'assistència. Des del compte, cada professional pot crear un "
                "enllaç privat per veure al telèfon les hores de la seva agenda, "
                "sense cap nom.</p>",
            ),
            (
                "try_it",
                (
                    "Obrir la pantalla d'inici",
                    "/admin/",
                    "la primera pantalla de cada professional, amb les seves incidències i les alertes que li toquen.",
                ),
            ),
        ],
    },
    {
        "slug": "serveis-especialitzats",
        "title": "Els serveis especialitzats: SAD i SIAD",
        "summary": "Ajuda a domicili i servei d'informació i atenció a les dones.",
        "body": [
            (
                "text",
                "<h2>Expedients de mòdul</h2><p>A més de l'expedient d'atenció "
                "primària, una persona pot tenir expedients d'altres mòduls. Tots "
                "s'obren des de la pestanya Traçabilitat de la fitxa, amb el botó "
                "del mòdul corresponent, que només apareix a qui el pot obrir. "
                "Comparteixen la caràtula, les persones vinculades, la numeració, "
                "l'historial i els traspassos, però cada mòdul té les seves "
                "pestanyes. Per veure'ls cal el perfil del mòdul a més de l'àmbit "
                "territorial; la coordinació veu els dels seus equips.</p>"
                "<h2>L'ajuda a domicili (SAD)</h2><p>Per obrir un expedient de SAD, "
                "l'expedient d'atenció primària obert de la persona ha de tenir el "
                "recurs 1.1.2.1 (servei d'ajuda a domicili) preassignat; si no, Llar "
                "explica quin recurs falta i a quin expedient. La vida del servei es "
                "registra amb actuacions que són canvis d'estat: la recollida "
                "d'informació (automàtica en obrir), l'alta, les modificacions, la "
                "suspensió, la represa i la baixa. Qualsevol professional d'atenció "
                "primària en pot proposar una; només el gestor o la gestora de SAD "
                "o la coordinació l'aproven o la deneguen, i una denegació porta "
                "sempre el motiu. L'estat vigent és el de la darrera actuació "
                "aprovada, i una baixa aprovada tanca l'expedient.</p>"
                "<p>Cada alta i cada modificació guarda les característiques del "
                "servei (SAD social o de dependència, tasques, hores setmanals, "
                "finançament i copagament), de manera que en obrir una actuació es "
                "veu el servei tal com era en aquell moment. Els plans de treball "
                "diuen quins dies i quantes hores es presta; el vigent és el que "
                "comença més tard.</p>",
            ),
            (
                "callout",
                "Una sola actuació de SAD pot esperar decisió alhora. La pantalla "
                "Gestió de SAD mostra al gestor o la gestora la cua pendent, els "
                "serveis vigents i les hores setmanals per sector i per equip.",
            ),
            (
                "try_it",
                (
                    "Obrir la Gestió de SAD",
                    "/admin/casework/home-care/management/",
                    "la cua d'actuacions de SAD pendents de decisió i els serveis vigents amb les seves hores setmanals. La fan servir el gestor o la gestora de SAD i la coordinació.",
                ),
            ),
            (
                "text",
                "<h2>El servei d'informació i atenció a les dones (SIAD)</h2><p>Un "
                "expedient de SIAD és sempre confidencial: el veuen els "
                "professionals que hi consten i la coordinació del SIAD. Qualsevol "
                "altra persona, encara que segueixi la dona des d'atenció primària, "
                "només hi pot entrar amb l'accés excepcional, que demana un motiu i "
                "queda registrat.</p>"
                "<p>Cada actuació del SIAD recull la data i l'hora, si és urgent, les "
                "hores dedicades, el canal, la situació de violència detectada, el "
                "servei que atén, d'on ve la derivació i la tipologia de la consulta "
                "(primer l'àrea i després el tipus, que ha de ser d'aquella àrea). "
                "El tema és obligatori i la professional responsable és, si no se'n "
                "tria una altra, qui la registra. Les actuacions del SIAD no surten "
                "als llistats d'atenció primària. La coordinació del SIAD defineix "
                "els recursos formatius, que s'assignen a cada dona amb la seva "
                "assistència a les sessions.</p>",
            ),
        ],
    },
    {
        "slug": "infancia-i-adolescencia-eaia",
        "title": "La protecció de la infància i l'adolescència: l'EAIA",
        "summary": "Expedients de l'equip d'atenció a la infància i l'adolescència.",
        "body": [
            (
                "text",
                "<h2>L'expedient d'EAIA</h2><p>L'expedient d'EAIA s'obre des de la "
                "pestanya Traçabilitat de la fitxa de l'infant o l'adolescent, amb el "
                "botó Nou expedient d'EAIA, que només veuen els tècnics d'EAIA i la "
                "coordinació. La caràtula recull el criteri de priorització, amb el "
                "termini que implica: urgent (72 hores), prioritari (15 dies), "
                "preferent (3 mesos) o ordinari (6 mesos), comptat des del dia que es "
                "fixa la prioritat; la casella de resposta en 6 mesos, sigui quina "
                "sigui la prioritat; l'origen del cas; l'informe a la DGAIA/SAIA amb "
                "la data d'elaboració i la de resolució, i la síntesi del cas amb la "
                "data de generació, la de resolució i qui l'ha redactada.</p>"
                "<h2>Alta i obert: la pestanya Evolució</h2><p>Un expedient nou és "
                "d'alta mentre es documenta. Passa a obert quan s'hi registra la "
                "primera situació administrativa a la pestanya Evolució. Cada període "
                "té la data d'inici, el tipus d'expedient (desemparament, guarda "
                "judicial, guarda protectora, risc, tutela o mesures assistencials), "
                "el criteri de territorialitat (referència, co-referència o "
                "col·laboració), la situació administrativa i fins a tres EAIA més "
                "amb la seva participació. La data de final no s'escriu mai: és la "
                "d'inici del període següent. Si s'afegeix, es mou o se suprimeix un "
                "període del mig, Llar torna a lligar els veïns perquè no quedin "
                "buits ni encavalcaments.</p>"
                "<h2>Actuacions EAIA</h2><p>El lloc, el tema, el tipus i l'àmbit "
                "temàtic són obligatoris. Amb la casella Registreu-la també a "
                "l'expedient de tots els germans, la mateixa actuació s'escriu una "
                "vegada a cada expedient d'EAIA obert dels germans (persones "
                "registrades com a germans a la fitxa), tot alhora: o s'escriu a tots "
                "o a cap. Només hi ha el traspàs d'informació entre sectors o "
                "subsectors, que deixa el que s'havia registrat abans només de "
                "lectura.</p>",
            ),
            (
                "callout",
                "El tauler d'inici avisa quan ha vençut el termini de la prioritat "
                "sense síntesi del cas i quan un informe a la DGAIA/SAIA espera la "
                "resolució.",
            ),
            (
                "try_it",
                (
                    "Veure els expedients d'EAIA",
                    "/admin/casework/eaia/expedients/",
                    "els expedients d'EAIA que podeu veure, amb la fase, la prioritat i la data de venciment, filtres i exportació. Els fan servir els tècnics d'EAIA i la coordinació.",
                ),
            ),
        ],
    },
    {
        "slug": "immigracio-i-ciutadania",
        "title": "Immigració i ciutadania",
        "summary": "L'expedient d'acollida, la formació del Decret 150/2014 i "
        "la configuració del mòdul.",
        "body": [
            (
                "text",
                "<h2>L'expedient d'immigració</h2><p>S'obre des de la pestanya "
                "Traçabilitat de la fitxa, amb el botó del mòdul, que veuen els "
                "tècnics i les tècniques d'immigració i la coordinació. La "
                "caràtula mostra el país de naixement i la llengua materna tal com "
                "consten a la fitxa: si s'hi corregeixen, la caràtula ho mostra "
                "de seguida. El procés d'acollida comença el dia d'obertura (es pot "
                "canviar) i acaba exactament dos anys després; passat aquest dia, "
                "la data de final surt en vermell com a vençuda, però l'expedient "
                "es continua fent servir amb normalitat.</p>"
                "<p>Cada actuació d'immigració recull la data i l'hora, les hores, "
                "el projecte, el tipus d'acció, l'acció o curs, si s'ha informat "
                "de l'itinerari del servei, d'on ve la derivació, el tema "
                "(obligatori), el text i el professional responsable. S'hi aplica "
                "el termini d'edició de l'àrea, com a les actuacions d'atenció "
                "primària. Els tràmits també es registren a l'expedient.</p>",
            ),
            (
                "text",
                "<h2>La formació d'acollida (Decret 150/2014)</h2><p>Cada mòdul "
                "de formació es registra de dues maneres: completat en un curs "
                "propi o acreditat amb un document extern, que cal adjuntar. En un "
                "curs propi, el registre d'assistència de cada classe suma les "
                "hores assistides, i el mòdul queda marcat com a completat en verd "
                "quan arriben al 75% de les hores del curs. La tipologia fixa les "
                "hores: A1 i A2, 90 hores; B i C, 15 hores; només l'A3 "
                "(alfabetització) en pot tenir unes altres.</p>"
                "<p>La mateixa pestanya recull la data del certificat d'acollida i "
                "la sol·licitud signada: se'n descarrega la plantilla, la persona "
                "la signa i se'n puja la còpia.</p>",
            ),
            (
                "callout",
                "Els cursos, els projectes, els docents i els proveïdors del mòdul "
                "els mantenen els tècnics d'immigració i la coordinació. No "
                "s'esborren mai: es desactiven, i els antics queden com a "
                "historial. Cada tècnic d'immigració té a la seva fitxa de "
                "professional la categoria de finançament FSE (A, B o C).",
            ),
            (
                "try_it",
                (
                    "Obrir el registre de cursos",
                    "/admin/casework/immigration/courses/",
                    "els cursos de l'àrea amb les seves classes; a cada classe es passa llista i Llar calcula qui arriba al 75%.",
                ),
            ),
        ],
    },
    {
        "slug": "treballar-amb-les-dades",
        "title": "Explotació de dades i Memòries",
        "summary": "Llistats per mòdul, memòries oficials, criteri de recompte, "
        "d'on surt cada xifra i versió publicable.",
        "body": [
            (
                "text",
                "<h2>Explotació: els llistats</h2><p>La pantalla Explotació "
                "reuneix en un arbre, per mòdul, els llistats predefinits: Fitxes "
                "personals (fitxes noves, persones difuntes, sense consentiment "
                "signat o sense municipi de residència), Serveis socials bàsics "
                "(expedients, actuacions, demandes, problemàtiques, recursos, "
                "tràmits, plans d'intervenció i plans vençuts), Agenda (les cites, "
                "amb les no presentades), i els de SAD, SIAD, Immigració i EAIA. "
                "L'arbre només mostra els llistats que el vostre perfil pot fer "
                "servir: un tècnic d'immigració, per exemple, no hi veu els de "
                "l'EAIA.</p><p>Quan en trieu un, surt una sola barra de filtres "
                "amb els que hi tenen sentit: sector i subsector, equip, "
                "professional, període (del dd/mm/aaaa al dd/mm/aaaa, tots dos "
                "dies inclosos) i estat. Les files són les que el vostre àmbit us "
                "deixa veure, les mateixes que a la pantalla del mòdul, i es "
                "baixen en CSV o XLSX. Cada baixada queda registrada amb el "
                "llistat, els filtres i el nombre de files. Si un filtre no és "
                "vàlid (una data que no existeix, un subsector d'un altre sector), "
                "la pantalla diu quin és i no mostra cap fila fins que el "
                "corregiu.</p>"
                "<h2>Memòries: les xifres oficials</h2><p>La pantalla Memòries és "
                "de la coordinació. Hi ha quatre memòries: la Fitxa 1 del RUDEL "
                "(l'informe anual al Departament, amb les persones ateses per sexe, "
                "edat i nacionalitat, els expedients, les problemàtiques, els "
                "recursos i els professionals), els ajuts d'urgència per a "
                "subministraments de la llar (pobresa energètica), la memòria de "
                "l'ICD, que surt només del mòdul SIAD (dones ateses i actuacions per "
                "servei, àrea i tipus de consulta, situació de violència, canal i "
                "procedència), i l'estadística mensual per a la DGAIA/SAIA, que surt "
                "només del mòdul EAIA (casos nous per prioritat i origen, casos "
                "vigents a final de cada mes per tipus d'expedient i territorialitat, "
                "informes i síntesis). Cada memòria es defineix per any: quan "
                "l'organisme canvia una variable, se'n fa la definició de l'any nou "
                "i la de l'any anterior no es toca.</p>"
                "<p>També podeu afegir-hi una taula que compti les files d'un "
                "formulari configurable (per exemple, les demandes) per un dels seus "
                "camps d'opcions, amb els mateixos filtres i criteri de recompte. "
                "Els fitxers XLSX i PDF es poden baixar al moment o exportar en segon "
                "pla: apareixen a Les meves exportacions quan estan escrits.</p>"
                "<p>L'administració de l'àrea no fa memòries: no té accés als "
                "expedients, i les seves xifres de persones i expedients sortirien "
                "a zero. Sí que manté al dia les dades descriptives de l'àrea "
                "(Configuració de l'àrea), que la memòria imprimeix.</p>",
            ),
            (
                "text",
                "<h2>Els filtres i el criteri de recompte</h2><p>Per defecte es "
                "compta l'any sencer; també es poden donar dues dates. Es pot "
                "limitar a un sector, un subsector, un equip o un professional. "
                "El criteri de recompte diu quina data compta: la data en què va "
                "passar (la de l'actuació, la de l'obertura de l'expedient) o la "
                "data en què es va registrar a Llar. Una actuació de desembre "
                "registrada al gener surt a l'any anterior pel primer criteri i a "
                "l'any nou pel segon. Les dades esborrades no es compten mai, i "
                "una persona atesa des de dos sectors compta a cada sector però una "
                "sola vegada a l'àrea.</p>",
            ),
            (
                "callout",
                "Una xifra de casos vigents és una foto d'un dia (el darrer de cada "
                "mes): sumar els dotze mesos no dona el nombre de casos. Per això "
                "la suma d'una fila d'aquestes taules no s'obre com a llista.",
            ),
            (
                "text",
                "<h2>D'on surt cada xifra</h2><p>Al costat de cada variable hi ha un "
                "text que explica com es compta. Si feu clic a la xifra, Llar us "
                "mostra la llista del que ha comptat (les persones, els expedients, "
                "les actuacions o els períodes), feta amb la mateixa consulta que "
                "la xifra: si la xifra diu 12, la llista en té 12. Consultar "
                "aquesta llista queda registrat, perquè mostra dades personals.</p>"
                "<h2>La versió publicable</h2><p>Per publicar una memòria o "
                "enviar-la fora, marqueu Versió publicable: les caselles amb menys "
                "de 5 casos s'amaguen (amb un asterisc), i també les que caldria "
                "amagar perquè ningú no pugui deduir una casella amagada restant "
                "dels totals. La versió publicable no té enllaços a cap llista. "
                "Totes dues versions es descarreguen en Excel i en PDF.</p>",
            ),
            (
                "try_it",
                (
                    "Obrir l'Explotació",
                    "/admin/explotacio/",
                    "l'arbre dels llistats que el vostre perfil pot fer servir, amb la barra de filtres i les baixades en CSV i XLSX.",
                ),
            ),
            (
                "try_it",
                (
                    "Obrir les Memòries",
                    "/admin/memories/",
                    "la memòria triada per a l'any en curs, amb els filtres, el criteri de recompte, la versió publicable i les descàrregues. Hi entra la coordinació.",
                ),
            ),
        ],
    },
    {
        "slug": "configuracio-i-suport",
        "title": "Configuració i suport",
        "summary": "Configuració, eines de coordinació i incidències.",
        "body": [
            (
                "text",
                "<h2>Configuració</h2><p>La coordinació i l'administració de l'àrea "
                "configuren Llar sense programar: professionals, equips, subsectors, "
                "horaris, els paràmetres de l'àrea (com el termini d'edició de les "
                "actuacions o l'avís de venciment dels plans) i els catàlegs propis. "
                "Els sectors els crea l'equip de suport.</p>"
                "<h2>Donar de baixa un professional</h2><p>Abans de donar de baixa "
                "algú cal traspassar-li les fitxes, els expedients i les cites de "
                "què és referent. Llar ho comprova i diu quants en té. La persona "
                "donada de baixa ja no pot entrar, però el seu nom es manté als "
                "registres on va treballar.</p>"
                "<h2>Incidències</h2><p>El botó Suport, present a totes les "
                "pantalles, obre una incidència amb la pantalla on éreu. L'equip de "
                "suport no veu dades personals si no les escriviu vosaltres.</p>",
            ),
            (
                "try_it",
                (
                    "Veure els paràmetres de l'àrea",
                    "/admin/configuration/area-settings/",
                    "els paràmetres de l'àrea, com el termini d'edició de les actuacions o l'avís de venciment dels plans. Els configuren la coordinació i l'administració de l'àrea.",
                ),
            ),
        ],
    },
]

QUIZ_TITLE = "Prova de certificació"
QUIZ_INTRO = (
    "<p>La prova té deu preguntes triades a l'atzar d'un banc de preguntes sobre "
    "Llar. Cal encertar-ne el 70% per aprovar. Si no l'aproveu, podeu tornar-ho a "
    "provar al cap d'una hora, fins a tres vegades.</p>"
)

# (prompt, multiple, [(answer, correct)], explanation)
QUESTIONS = [
    (
        "Què és l'ABSS a Llar?",
        False,
        [
            (
                "La unitat de treball a què pertanyen totes les persones i expedients",
                True,
            ),
            ("Un tipus d'expedient especialitzat", False),
            ("El catàleg de prestacions", False),
        ],
        "L'àrea bàsica de serveis socials és la unitat a què pertany cada dada personal.",
    ),
    (
        "Un professional obre l'enllaç d'una fitxa d'una altra àrea. Què veu?",
        False,
        [
            ("Que la pàgina no existeix", True),
            ("La fitxa en mode de només lectura", False),
            ("Un avís que demana permís a la coordinació", False),
        ],
        "Fora de l'àmbit, Llar respon com si la dada no existís.",
    ),
    (
        "Què és un sector a Llar?",
        False,
        [
            ("Cada municipi que cobreix l'àrea", True),
            ("Un equip temàtic", False),
            ("Un mòdul d'expedients", False),
        ],
        "Els sectors són els municipis de l'àrea; els subsectors en són divisions.",
    ),
    (
        "Qui crea els sectors?",
        False,
        [
            ("L'equip de suport", True),
            ("Qualsevol coordinadora", False),
            ("Cada professional per al seu municipi", False),
        ],
        "Els sectors es demanen a l'equip de suport.",
    ),
    (
        "Qui pot crear professionals nous a l'àrea?",
        False,
        [
            ("L'administració de l'àrea", True),
            ("La coordinació", False),
            ("Qualsevol tècnic", False),
        ],
        "La coordinació edita i dona de baixa professionals, però no en crea.",
    ),
    (
        "Què cal fer abans de donar de baixa un professional que és referent d'expedients?",
        False,
        [
            ("Traspassar-li els expedients, les fitxes i les cites", True),
            ("Res: els expedients queden sense referent", False),
            ("Esborrar els expedients", False),
        ],
        "Cap expedient ni fitxa no es pot quedar sense professional de referència.",
    ),
    (
        "Què passa amb el nom d'un professional donat de baixa?",
        False,
        [
            ("Es manté als registres on va treballar", True),
            ("S'esborra de tots els registres", False),
            ("Es substitueix pel de la coordinadora", False),
        ],
        "La baixa impedeix entrar, però la traça històrica es conserva.",
    ),
    (
        "Quins professionals consten en un expedient? (marqueu-ne tots els correctes)",
        True,
        [
            ("El professional de referència", True),
            ("El correferent", True),
            ("Qui el va donar d'alta", True),
            ("El cap de l'àrea de l'any anterior", False),
        ],
        "Referent, correferent, professional d'alta i de modificació.",
    ),
    (
        "Què ha de fer primer un professional quan arriba una persona nova?",
        False,
        [
            ("Buscar-la al cercador", True),
            ("Crear-li un expedient", False),
            ("Obrir una incidència", False),
        ],
        "Primer es comprova si la persona ja és coneguda, per no duplicar fitxes.",
    ),
    (
        "El cercador troba «García Martí» si s'escriu…",
        True,
        [
            ("garcia marti", True),
            ("Martí García", True),
            ("GARCIA", True),
            ("Ferrer", False),
        ],
        "El nom es troba en qualsevol ordre, amb accents o sense i en majúscules o minúscules.",
    ),
    (
        "Com s'ha d'escriure un DNI al cercador?",
        False,
        [
            ("De qualsevol manera: amb punts, guions o espais", True),
            ("Només amb xifres, sense la lletra", False),
            ("Exactament com consta al document original", False),
        ],
        "El document es normalitza abans de buscar-lo.",
    ),
    (
        "Quantes fitxes personals té una persona a Llar?",
        False,
        [
            ("Una, compartida per tots els expedients", True),
            ("Una per mòdul", False),
            ("Una per expedient", False),
        ],
        "La fitxa és única i la comparteixen tots els mòduls.",
    ),
    (
        "On es registren les notes de les entrevistes?",
        False,
        [
            ("A les actuacions de l'expedient", True),
            ("A la fitxa personal", False),
            ("A la incidència", False),
        ],
        "La fitxa guarda identitat i dades complementàries; la intervenció va a l'expedient.",
    ),
    (
        "Qui veu el bloc ampliat de la fitxa (feina, ingressos, situació administrativa)?",
        True,
        [
            ("Els perfils tècnics", True),
            ("La coordinació", True),
            ("L'auxiliar administratiu", False),
        ],
        "El personal administratiu veu identificació i adreça, no el bloc ampliat.",
    ),
    (
        "Per registrar una demanda per a una persona, cal que…",
        False,
        [
            ("Resideixi en un municipi de l'àrea", True),
            ("Tingui més de 18 anys", False),
            ("Tingui un pla d'intervenció obert", False),
        ],
        "Demandes, problemàtiques, recursos i tràmits depenen del municipi de residència.",
    ),
    (
        "Si la persona no resideix a l'àrea, què es pot registrar igualment?",
        False,
        [
            ("Actuacions", True),
            ("Recursos", False),
            ("Tràmits", False),
        ],
        "Sense residència a l'àrea només es poden registrar actuacions.",
    ),
    (
        "Què passa quan ha passat el termini d'edició d'una actuació?",
        False,
        [
            ("Queda de només lectura, però es pot continuar consultant", True),
            ("S'esborra", False),
            ("Passa a l'expedient d'una altra àrea", False),
        ],
        "La coordinació fixa el termini a la configuració de l'àrea.",
    ),
    (
        "Què cal per tancar un expedient?",
        False,
        [
            ("Indicar el motiu de tancament", True),
            ("Esborrar-ne les actuacions", False),
            ("L'autorització de l'equip de suport", False),
        ],
        "Tancar demana un motiu i genera una actuació automàtica.",
    ),
    (
        "Quins moments generen actuacions automàtiques?",
        True,
        [
            ("Obrir l'expedient", True),
            ("Tancar l'expedient", True),
            ("Consultar la fitxa", False),
        ],
        "Obrir i tancar l'expedient queden registrats com a actuacions automàtiques.",
    ),
    (
        "Quines dades conté una exportació d'un llistat?",
        False,
        [
            ("Només les que el vostre perfil i àmbit permeten veure", True),
            ("Totes les de la base de dades", False),
            ("Totes les de la comarca", False),
        ],
        "Les exportacions obeeixen la mateixa regla d'àmbit que les pantalles.",
    ),
    (
        "Per què cal classificar bé les problemàtiques?",
        False,
        [
            (
                "Perquè les memòries oficials es calculen a partir del que es registra",
                True,
            ),
            ("Perquè si no, la fitxa s'esborra", False),
            ("Perquè ho demana l'agenda", False),
        ],
        "Les memòries (com el RUDEL) surten de les dades registrades.",
    ),
    (
        "Qui configura el termini d'edició de les actuacions?",
        False,
        [
            ("La coordinació o l'administració de l'àrea", True),
            ("Cada professional per a les seves actuacions", False),
            ("Ningú: és fix", False),
        ],
        "És un paràmetre de l'àrea.",
    ),
    (
        "Què s'adjunta automàticament a una incidència?",
        False,
        [
            ("La pantalla on éreu", True),
            ("La fitxa de la persona que atenieu", False),
            ("La contrasenya", False),
        ],
        "L'equip de suport no rep dades personals si no les escriviu.",
    ),
    (
        "Un equip temàtic…",
        False,
        [
            ("Treballa en un o més sectors de la seva àrea", True),
            ("Pot treballar en sectors d'altres àrees", False),
            ("No té professionals", False),
        ],
        "Tots els equips treballen en sectors de la pròpia àrea.",
    ),
    (
        "Un professional pot tenir més d'un perfil?",
        False,
        [
            ("Sí, i els té tots alhora", True),
            ("No, un sol perfil", False),
            ("Sí, però ha de tornar a entrar per canviar-ne", False),
        ],
        "Els perfils se sumen.",
    ),
    (
        "Què mostra l'agenda d'un professional?",
        True,
        [
            ("Les seves cites", True),
            ("Els seus horaris de treball per sector", True),
            ("Les contrasenyes de l'equip", False),
        ],
        "L'agenda combina cites i horaris, amb el color de cada professional.",
    ),
    (
        "Què cal per obrir un expedient de SAD?",
        False,
        [
            (
                "El recurs 1.1.2.1 preassignat a l'expedient d'atenció primària "
                "obert de la persona",
                True,
            ),
            ("Una cita a l'agenda amb el gestor de SAD", False),
            ("Res: qualsevol professional el pot obrir quan vulgui", False),
        ],
        "Sense el servei d'ajuda a domicili preassignat, Llar no l'obre i diu "
        "què falta.",
    ),
    (
        "Qui pot aprovar o denegar una actuació de SAD?",
        True,
        [
            ("El gestor o la gestora de SAD", True),
            ("La coordinació", True),
            ("Qualsevol professional d'atenció primària", False),
        ],
        "Tothom d'atenció primària pot proposar-ne, però només la gestió de SAD i "
        "la coordinació decideixen.",
    ),
    (
        "Quin és l'estat vigent d'un servei de SAD?",
        False,
        [
            ("El de la darrera actuació aprovada", True),
            ("El de la darrera actuació proposada, encara que s'hagi denegat", False),
            ("Sempre l'alta", False),
        ],
        "Una actuació denegada deixa vigent l'última aprovada.",
    ),
    (
        "Qui veu un expedient de SIAD?",
        False,
        [
            ("Els professionals que hi consten i la coordinació del SIAD", True),
            ("Tots els professionals de l'àrea", False),
            ("Qualsevol tècnic que segueixi la persona a atenció primària", False),
        ],
        "És confidencial sempre; qualsevol altre accés és excepcional i queda "
        "registrat.",
    ),
    (
        "En una actuació del SIAD, quin camp és obligatori?",
        False,
        [
            ("El tema", True),
            ("La situació de violència", False),
            ("El servei que deriva", False),
        ],
        "El tema és obligatori; la resta es registra quan escau.",
    ),
    (
        "D'on s'obre un expedient de SAD o de SIAD?",
        False,
        [
            ("Des de la pestanya Traçabilitat de la fitxa de la persona", True),
            ("Des de la configuració de l'àrea", False),
            ("Des d'una incidència de suport", False),
        ],
        "La Traçabilitat ofereix els mòduls que cadascú pot obrir.",
    ),
    (
        "Quin termini dona la prioritat preferent d'un expedient d'EAIA?",
        False,
        [
            ("Tres mesos des del dia que es fixa la prioritat", True),
            ("Quinze dies", False),
            ("72 hores", False),
        ],
        "Urgent, 72 hores; prioritari, 15 dies; preferent, 3 mesos; ordinari, 6 mesos.",
    ),
    (
        "Quan passa d'alta a obert un expedient d'EAIA?",
        False,
        [
            (
                "Quan s'hi registra la primera situació administrativa a Evolució",
                True,
            ),
            ("Quan s'hi registra la primera actuació EAIA", False),
            ("Quan la coordinació l'aprova", False),
        ],
        "L'expedient és d'alta mentre es documenta; el primer període d'Evolució "
        "l'obre.",
    ),
    (
        "En afegir un període d'EAIA entre dos de ja registrats, què passa amb la "
        "data de final del període anterior?",
        False,
        [
            ("Passa a ser la data d'inici del període nou", True),
            ("Cal escriure-la a mà", False),
            ("Queda buida i els períodes s'encavalquen", False),
        ],
        "La data de final no s'escriu mai: és la d'inici del període següent.",
    ),
    (
        "A quins expedients s'escriu una actuació EAIA amb la casella dels germans "
        "marcada?",
        False,
        [
            (
                "A l'expedient actual i a cada expedient d'EAIA obert dels germans",
                True,
            ),
            ("A tots els expedients de la família, de qualsevol mòdul", False),
            ("Només als expedients tancats dels germans", False),
        ],
        "S'escriu una vegada a cada expedient d'EAIA obert dels germans, tot alhora.",
    ),
    (
        "Quan s'acaba el procés d'acollida d'un expedient d'immigració?",
        False,
        [
            ("Exactament dos anys després de la data d'inici del procés", True),
            ("Quan es tanca l'expedient", False),
            ("Un any després de l'última actuació", False),
        ],
        "Passats els dos anys la data surt com a vençuda, però l'expedient "
        "es continua fent servir.",
    ),
    (
        "Quan queda completat un mòdul d'un curs propi d'immigració?",
        False,
        [
            ("Quan l'assistència arriba al 75% de les hores del curs", True),
            ("Quan la persona assisteix a la primera classe", False),
            ("Quan el professional el marca a mà", False),
        ],
        "El registre d'assistència de cada classe suma les hores i el marca sol.",
    ),
    (
        "Quina tipologia de curs d'immigració pot tenir unes hores diferents "
        "de les fixades?",
        False,
        [
            ("A3 (alfabetització)", True),
            ("A1", False),
            ("C", False),
        ],
        "La tipologia fixa les hores; només l'A3 admet un altre nombre.",
    ),
    (
        "Què cal per registrar un mòdul d'immigració com a acreditat?",
        False,
        [
            ("Adjuntar el document que l'acredita", True),
            ("Inscriure la persona en un curs propi", False),
            ("L'aprovació de la coordinació", False),
        ],
        "Un mòdul acreditat ve d'una evidència externa, que es puja a Llar.",
    ),
    (
        "A Memòries, què canvia el criteri de recompte?",
        False,
        [
            (
                "Si es compta per la data en què va passar o per la data en què es "
                "va registrar a Llar",
                True,
            ),
            ("Si es compten les dades esborrades", False),
            ("Quines àrees entren a la memòria", False),
        ],
        "Una actuació de desembre registrada al gener canvia d'any segons el "
        "criteri; les dades esborrades no es compten mai.",
    ),
    (
        "Què passa quan feu clic a una xifra d'una memòria?",
        False,
        [
            (
                "Llar mostra la llista del que ha comptat, amb la mateixa consulta, "
                "i la consulta queda registrada",
                True,
            ),
            ("Es pot corregir la xifra a mà", False),
            ("S'envia la xifra a l'organisme", False),
        ],
        "La llista i la xifra surten de la mateixa consulta i no poden discrepar.",
    ),
    (
        "Què fa la versió publicable d'una memòria?",
        False,
        [
            (
                "Amaga les caselles de menys de 5 i les necessàries perquè no es "
                "puguin deduir dels totals",
                True,
            ),
            ("Arrodoneix totes les xifres a la desena", False),
            ("Treu només els noms de les persones", False),
        ],
        "També deixa la memòria sense enllaços a les llistes.",
    ),
    (
        "D'on surten les xifres de la memòria de l'ICD i de l'estadística mensual "
        "per a la DGAIA/SAIA? (marqueu-ne tots els correctes)",
        True,
        [
            ("L'ICD, només del mòdul SIAD", True),
            ("La DGAIA/SAIA, només del mòdul EAIA", True),
            ("Totes dues, dels expedients d'atenció primària", False),
        ],
        "Cada memòria d'un mòdul compta només les dades d'aquell mòdul.",
    ),
    (
        "Per què l'administració de l'àrea no fa les Memòries?",
        False,
        [
            (
                "No té accés als expedients: les xifres de persones i expedients "
                "sortirien a zero",
                True,
            ),
            ("Perquè les memòries les fa l'equip de suport", False),
            ("Perquè només es poden fer a final d'any", False),
        ],
        "Les fa la coordinació; l'administració manté les dades de l'àrea.",
    ),
]
