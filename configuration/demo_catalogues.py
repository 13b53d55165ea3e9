"""Demo catalogue entries, loaded by the catalogue steps in configuration/demo.py.

Codes and names of benefits, municipalities, provinces and countries are the
official Hèstia ones (TipusRecurs.csv, Municipis.csv, Provincies.csv, Paisos.csv);
the closed lists follow domain.md §3.2–§3.3. Problem types, problems, tràmit
types and the areas' own entries are invented for the demo.
"""

from .enums import ImmigrationCourseLevel, TramitKind, TramitScope

BENEFIT_TYPES = (
    ("1", "PRESTACIONS DE SERVEIS"),
    ("2", "PRESTACIONS ECONÒMIQUES"),
    ("3", "PRESTACIONS TECNOLÒGIQUES"),
    ("4", "DERIVACIONS A ALTRES SERVEIS DE LA XARXA"),
    ("5", "PROJECTES COMUNITARIS"),
)
# subtype code, name, type code
BENEFIT_SUBTYPES = (
    ("1.1", "Serveis socials bàsics", "1"),
    ("1.2.3", "Persones grans amb dependència o risc social", "1"),
    (
        "1.2.12",
        "Dones en situació de violència masclista i els seus fills i filles",
        "1",
    ),
    ("2.1", "Prestacions econòmiques de dret subjectiu", "2"),
    ("2.3", "Prestacions econòmiques d'urgència social", "2"),
    ("2.4", "Ajuts individuals a l'escolarització", "2"),
    ("2.6", "Carnets acreditatius", "2"),
    ("3.1", "Ajudes tècniques dependents del sistema de servei socials", "3"),
    ("4.1", "Serveis de treball", "4"),
    ("4.4", "Serveis de salut", "4"),
    ("4.6", "Altres Serveis Socials", "4"),
    ("5.1", "Gent gran", "5"),
    ("5.4", "Infància", "5"),
)
# item code, name, subtype code
BENEFITS = (
    ("1.1.1", "Servei bàsic d'atenció social", "1.1"),
    ("1.1.2.1", "Servei d'ajuda a domicili", "1.1"),
    ("1.1.2.2", "Servei de les tecnologies de suport i cura", "1.1"),
    ("1.1.2.3", "Informe Social", "1.1"),
    ("1.1.2.4", "Acreditació de risc d'exclusió residencial", "1.1"),
    ("1.1.3.1", "Servei d'acolliment residencial d'urgència (població general)", "1.1"),
    ("1.1.4", "Servei de menjador social", "1.1"),
    ("1.1.6.1", "Servei de centre obert", "1.1"),
    (
        "1.2.3.1",
        "Servei de centre de dia per a gent gran de caràcter temporal o permanent",
        "1.2.3",
    ),
    ("1.2.3.7", "Servei d’atenció domiciliaria (SAD)", "1.2.3"),
    ("1.2.3.8", "Teleassistència (TLA)", "1.2.3"),
    ("1.2.12.1", "Servei d'atenció i acolliment d'urgència", "1.2.12"),
    ("2.1.2", "Pensió no contributiva per jubilació", "2.1"),
    ("2.1.3", "Pensió no contributiva per invalidesa", "2.1"),
    ("2.1.13", "Renda garantida de ciutadania (abans RMI)", "2.1"),
    ("2.3.1", "Prestacions econòmiques d'urgència social", "2.3"),
    ("2.3.2", "Ajuts per a manutenció (alimentació i vestit)", "2.3"),
    ("2.3.4", "Ajuts per a despeses vinculades a l'habitatge", "2.3"),
    ("2.3.6", "Ajuts per a pagament de l'habitatge", "2.3"),
    ("2.3.7.1", "Ajuts per a subministrament d’aigua", "2.3"),
    ("2.3.7.2", "Ajuts per a subministrament de llum", "2.3"),
    ("2.3.7.3", "Ajuts per a subministrament de gas", "2.3"),
    ("2.3.7.4", "Ajuts per a subministrament de llum i gas (factura combinada)", "2.3"),
    ("2.4.1", "Beques de llibres", "2.4"),
    ("2.4.2", "Beques de menjador", "2.4"),
    ("2.4.3", "Beques d'escola bressol", "2.4"),
    ("2.6.1", "Carnet de discapacitat", "2.6"),
    ("2.6.2", "Carnet de familia nombrosa", "2.6"),
    ("2.6.4", "Targeta d'aparcament per discapacitats", "2.6"),
    ("3.1.1", "Ajudes per la mobilitat i el transport", "3.1"),
    ("3.1.2", "Ajudes per a l'autonomia personal i la comunicació", "3.1"),
    ("4.1.1", "SOC", "4.1"),
    ("4.1.2", "Plans d'ocupació", "4.1"),
    ("4.4.1", "ABS", "4.4"),
    ("4.4.3.1", "Salut mental adults", "4.4"),
    ("4.6.3", "SIAD", "4.6"),
    ("5.1.3", "Tallers i cursos", "5.1"),
    ("5.1.4", "Grups d’ajuda mútua", "5.1"),
    ("5.4.3", "Tallers i cursos", "5.4"),
    ("5.4.6", "Reforç Escolar secundària", "5.4"),
)

# A RUDEL-like two-level classification written for the demo (not the official list).
PROBLEMS = {
    ("1", "Econòmica"): (
        ("1.1", "Ingressos insuficients per a les necessitats bàsiques"),
        ("1.2", "Endeutament"),
        ("1.3", "Dificultat per pagar els subministraments de la llar"),
    ),
    ("2", "Laboral"): (
        ("2.1", "Atur de llarga durada"),
        ("2.2", "Feina precària o sense contracte"),
    ),
    ("3", "Habitatge"): (
        ("3.1", "Risc de perdre l'habitatge"),
        ("3.2", "Habitatge en males condicions"),
        ("3.3", "Sense llar"),
    ),
    ("4", "Salut"): (
        ("4.1", "Malaltia física greu o crònica"),
        ("4.2", "Problemes de salut mental"),
        ("4.3", "Addiccions"),
    ),
    ("5", "Dependència i autonomia personal"): (
        ("5.1", "Manca de suport per a les activitats de la vida diària"),
        ("5.2", "Persona cuidadora sobrecarregada"),
    ),
    ("6", "Relacional i familiar"): (
        ("6.1", "Conflicte familiar"),
        ("6.2", "Dificultats en la cura dels fills i filles"),
        ("6.3", "Violència masclista"),
    ),
    ("7", "Social i d'integració"): (
        ("7.1", "Aïllament social"),
        ("7.2", "Dificultats d'acollida de persones nouvingudes"),
    ),
    ("8", "Educativa"): (
        ("8.1", "Absentisme escolar"),
        ("8.2", "Dificultats d'aprenentatge"),
    ),
}

DEMAND_TYPES = (
    ("1", "Assessorament"),
    ("2", "Informació"),
    ("3", "Orientació"),
    ("4", "Tractament"),
    ("5", "Tràmits i gestions"),
)
ACTUACIO_TYPES = (
    ("1", "Coordinació"),
    ("2", "Derivació"),
    ("3", "Informació"),
    ("4", "Orientació i assessorament"),
    ("5", "Tramitació"),
    ("6", "Valoració"),
)
ACTUACIO_PLACES = (
    ("0", "Sense assignar"),
    ("1", "Dependències de l'EBASP"),
    ("2", "Carrer"),
    ("3", "Ens local"),
    ("4", "Serveis d'ensenyament"),
    ("5", "Domicili"),
    ("6", "Telèfon, fax, mail, correus"),
    ("7", "Serveis sanitaris"),
    ("8", "Cossos de seguretat"),
    ("9", "Altres serveis socials"),
    ("10", "Domicili per dependència"),
    ("11", "Oficina de la Generalitat (OBSF)"),
)
CASE_ORIGINS = (
    ("0", "Sense assignar"),
    ("1", "Personalment"),
    ("2", "Familiars"),
    ("3", "Responsables de l'ens local"),
    ("4", "Serveis d'ensenyament"),
    ("5", "Serveis sanitaris"),
    ("6", "Cossos de seguretat"),
    ("7", "Altres serveis socials"),
    ("8", "Serveis d'atenció a la infància i adolescència"),
    ("9", "Serveis de justícia"),
    ("10", "Associacions/ONG/entitats"),
    ("11", "Veïns/amics/altres"),
)
CLOSING_REASONS = (
    ("1", "Absència de l'usuari"),
    ("2", "Canvi de domicili"),
    ("3", "Decisió professional"),
    ("4", "Defunció"),
    ("5", "Resolt"),
    ("6", "Inactivitat de l'expedient"),
    ("7", "Derivació"),
    ("8", "Decisió de l'usuari"),
)
# What a document filed in an expedient is (domain.md §3.3.10).
DOCUMENT_KINDS = (
    ("1", "Consentiment signat"),
    ("2", "Informe d'un altre servei"),
    ("3", "Sol·licitud o formulari de tràmit"),
    ("4", "Justificant o resolució"),
    ("5", "Document d'identitat o padró"),
    ("6", "Altres"),
)
# The tasks a home-care service (SAD) may cover: personal care, the home,
# company and support to carers (shared entries; areas add their own).
HOME_CARE_TASKS = (
    ("1", "Higiene i cura personal"),
    ("2", "Ajuda per vestir-se i alimentar-se"),
    ("3", "Mobilitzacions dins la llar"),
    ("4", "Neteja i manteniment de la llar"),
    ("5", "Cura de la roba"),
    ("6", "Preparació d'àpats"),
    ("7", "Compres i gestions"),
    ("8", "Acompanyament fora de la llar"),
    ("9", "Suport psicosocial i educatiu"),
    ("10", "Suport i respir a la persona cuidadora"),
)
RELATIONSHIP_TYPES = (
    ("1", "Altres"),
    ("2", "Avi/àvia, nét/a"),
    ("3", "Fill/a"),
    ("4", "Gendre/nora, sogre/a"),
    ("5", "Germà/ana, cunyat/ada"),
    ("6", "Nebot/da, cosí/ina"),
    ("7", "Pare/mare"),
    ("8", "Persona principal"),
    ("9", "Tiet/a"),
    ("10", "Espòs/osa, company/a"),
)
# code, name, kind, scope, code of the benefit it pre-assigns
SHARED_TRAMIT_TYPES = (
    (
        "G-RGC",
        "Sol·licitud de la renda garantida de ciutadania",
        TramitKind.GENERALITAT,
        TramitScope.SOCIAL_SERVICES,
        "2.1.13",
    ),
    (
        "G-TAP",
        "Sol·licitud de la targeta d'aparcament per a persones amb discapacitat",
        TramitKind.GENERALITAT,
        TramitScope.DISABILITY,
        "2.6.4",
    ),
    (
        "G-FN",
        "Sol·licitud o renovació del títol de família nombrosa",
        TramitKind.GENERALITAT,
        TramitScope.FAMILIES,
        "2.6.2",
    ),
)
# The NORD area's own catalogue entries.
LOCAL_TRAMIT_TYPES = (
    (
        "SAD",
        "Sol·licitud del servei d'ajuda a domicili",
        TramitKind.OWN,
        TramitScope.DEPENDENCY,
        "1.1.2.1",
    ),
    (
        "TLA",
        "Sol·licitud del servei de teleassistència",
        TramitKind.OWN,
        TramitScope.OLDER_PEOPLE,
        "1.1.2.2",
    ),
    (
        "AUS",
        "Sol·licitud d'ajut d'urgència social",
        TramitKind.OWN,
        TramitScope.SOCIAL_SERVICES,
        "2.3.1",
    ),
)
SIAD_TRAINING_RESOURCES = (
    ("SIAD-1", "Taller d'autoestima i apoderament"),
    ("SIAD-2", "Grup de suport per a dones que han viscut violència masclista"),
    ("SIAD-3", "Alfabetització digital per a dones"),
)
# code, name, typology, hours (A1 lasts 90 h; A3, literacy, sets its own hours)
# The SIAD actuació's shared lists (domain.md §3.5): invented for the demo, in
# the words of the services; the official lists are not published.
SIAD_CHANNELS = (
    ("1", "Presencial"),
    ("2", "Telefònica"),
    ("3", "Correu electrònic"),
    ("4", "Videotrucada"),
    ("5", "Visita a domicili"),
)
SIAD_VIOLENCE_SITUATIONS = (
    ("0", "No se n'ha detectat cap"),
    ("1", "Violència física"),
    ("2", "Violència psicològica"),
    ("3", "Violència sexual"),
    ("4", "Violència econòmica"),
    ("5", "Violència vicària"),
    ("6", "Violència digital"),
)
SIAD_SERVICES = (
    ("1", "Primera acollida i informació"),
    ("2", "Assessorament jurídic"),
    ("3", "Atenció psicològica"),
    ("4", "Orientació laboral"),
    ("5", "Atenció social"),
)
SIAD_REFERRAL_SOURCES = (
    ("1", "Iniciativa pròpia"),
    ("2", "Serveis socials bàsics"),
    ("3", "Serveis de salut"),
    ("4", "Cossos de seguretat"),
    ("5", "Servei d'intervenció especialitzada (SIE)"),
    ("6", "Centres educatius"),
    ("7", "Entitats"),
    ("8", "Jutjats i oficines d'atenció a la víctima"),
)
# consultation area code, name, and its types (code, name)
SIAD_CONSULTATIONS = {
    ("1", "Jurídica"): (
        ("1.1", "Separació i divorci"),
        ("1.2", "Guarda dels fills i pensions"),
        ("1.3", "Denúncia i ordre de protecció"),
        ("1.4", "Estrangeria"),
    ),
    ("2", "Psicològica"): (
        ("2.1", "Autoestima"),
        ("2.2", "Relacions de parella"),
        ("2.3", "Violència masclista"),
    ),
    ("3", "Laboral"): (
        ("3.1", "Recerca de feina"),
        ("3.2", "Drets laborals"),
        ("3.3", "Formació"),
    ),
    ("4", "Social"): (
        ("4.1", "Recursos econòmics"),
        ("4.2", "Habitatge"),
        ("4.3", "Conciliació"),
    ),
}
IMMIGRATION_COURSES = (
    ("A1-CAT", "Català inicial", ImmigrationCourseLevel.A1, 90),
    ("A3-ALF", "Alfabetització", ImmigrationCourseLevel.A3, 60),
    ("B-LAB", "Coneixements laborals", ImmigrationCourseLevel.B, 15),
    ("C-SOC", "Societat catalana i marc jurídic", ImmigrationCourseLevel.C, 15),
)
# Courses not eligible for European funding: code, name, hours.
IMMIGRATION_UNFUNDED_COURSES = (("CONV", "Grup de conversa en català", 20),)
IMMIGRATION_PROJECTS = (
    ("ACOL", "Acollida als barris"),
    ("REAG", "Reagrupament familiar"),
)
# code, name, internal
IMMIGRATION_TEACHERS = (
    ("D1", "Docent del servei d'acollida", True),
    ("D2", "Docent de l'escola d'adults", False),
)
IMMIGRATION_PROVIDERS = (("CPNL", "Consorci per a la normalització lingüística"),)

PROVINCES = (
    ("9", "Barcelona"),
    ("21", "Girona"),
    ("27", "Lleida"),
    ("47", "Tarragona"),
)
# Real municipalities with their official Hèstia codes and the province's code;
# the names of those in demo.DEMO_SECTORS must stay the same there.
MUNICIPALITIES = (
    ("22", "Barcelona", "9"),
    ("49", "Cardedeu", "9"),
    ("85", "Figaró-Montmany", "9"),
    ("95", "La Garriga", "9"),
    ("102", "Granollers", "9"),
    ("114", "Llinars del Vallès", "9"),
    ("206", "Sant Celoni", "9"),
    ("276", "Tagamanent", "9"),
    ("299", "Vic", "9"),
    ("387", "Girona", "21"),
    ("646", "Lleida", "27"),
    ("916", "Tarragona", "47"),
)
COUNTRIES = (
    ("52", "Espanya"),
    ("111", "Marroc"),
    ("148", "Romania"),
    ("34", "Colòmbia"),
    ("191", "Xina"),
    ("133", "Pakistan"),
    ("75", "Hondures"),
    ("48", "Equador"),
    ("155", "Senegal"),
    ("181", "Ucraïna"),
    ("138", "Perú"),
    ("86", "Itàlia"),
)

# Official codes of the Hèstia TipusVia and LlenguaMaterna lists (a few of each;
# the support desk imports the whole files).
STREET_TYPES = (
    ("10", "CARRER"),
    ("4", "AVINGUDA"),
    ("19", "PLAÇA"),
    ("17", "PASSEIG"),
    ("12", "CARRETERA"),
    ("21", "RAMBLA"),
)
MOTHER_TONGUES = (
    ("19", "català"),
    ("18", "castellà"),
    ("6", "àrab"),
    ("4", "amazic"),
    ("67", "romanès"),
)
# The areas' document templates (domain.md §3.3.8, §3.3.10), written for the
# demo: code, name, document kind code, to complete by the professional, text.
DOCUMENT_TEMPLATES = {
    "NORD": (
        (
            "CONS",
            "Consentiment per a l'ús de dades",
            "1",
            False,
            "# Qui tracta les dades\n"
            "{{ area.nom }} tracta les dades personals de {{ persona.nom_complet }} "
            "(document {{ persona.document }}) per prestar-li els serveis socials "
            "que ha demanat, dins l'expedient {{ expedient.numero }}.\n"
            "\n"
            "# Per a què\n"
            "Les dades s'utilitzen per valorar la situació, fer el seguiment de la "
            "intervenció i coordinar-se amb altres serveis quan calgui. No es "
            "cedeixen a ningú més sense el vostre consentiment, llevat que una llei "
            "ho exigeixi.\n"
            "\n"
            "# Els vostres drets\n"
            "Podeu demanar en qualsevol moment accedir a les vostres dades, "
            "rectificar-les o suprimir-les adreçant-vos a l'equip que us atén.\n"
            "\n"
            "Hi dono el meu consentiment.\n"
            "\n"
            "Signatura de la persona: ______________________\n"
            "Professional: {{ professional.nom }}\n"
            "Data: {{ avui }}",
        ),
        (
            "CITA",
            "Recordatori de cita",
            "6",
            False,
            "Benvolgut/da {{ persona.nom }},\n"
            "\n"
            "Us recordem que teniu una cita amb {{ professional.nom }} al servei "
            "d'{{ area.nom }}. Si no hi podeu venir, truqueu al "
            "{{ professional.telefon }} per canviar-la.\n"
            "\n"
            "Expedient {{ expedient.numero }}. Emès el {{ avui }}.",
        ),
    ),
    "SUD": (
        (
            "CONS",
            "Consentiment informat",
            "1",
            False,
            "Jo, {{ persona.nom_complet }}, amb document {{ persona.document }}, "
            "autoritzo {{ area.nom }} a fer servir les meves dades per a l'atenció "
            "que rebo a l'expedient {{ expedient.numero }}.\n"
            "\n"
            "Sé que puc retirar aquesta autorització quan vulgui.\n"
            "\n"
            "Signatura: ______________________\n"
            "Data: {{ avui }}",
        ),
        (
            "INFORME",
            "Informe social",
            "2",
            True,
            "# Dades de la persona\n"
            "Nom: {{ persona.nom_complet }}\n"
            "Data de naixement: {{ persona.data_naixement }}\n"
            "Adreça: {{ persona.adreca }}\n"
            "Expedient: {{ expedient.numero }} ({{ expedient.servei }}), obert el "
            "{{ expedient.data_obertura }}\n"
            "\n"
            "# Situació familiar i social\n"
            "[La professional descriu aquí la situació.]\n"
            "\n"
            "# Valoració professional\n"
            "[Valoració.]\n"
            "\n"
            "# Proposta\n"
            "[Proposta d'intervenció.]\n"
            "\n"
            "{{ professional.nom }}\n"
            "{{ area.nom }}, {{ avui }}",
        ),
    ),
}
