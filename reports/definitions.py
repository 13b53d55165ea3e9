"""The shipped definitions of the returns, loaded as data (`load_return_definition`
and the app's data migration). Superusers correct them afterwards in the
"Return definitions" screen; a new year is a new definition.

Labels and help texts are the body's own wording (Catalan), not interface text.
Codes of problem types, benefits and countries are those of the area's
catalogues (Hèstia codes: Espanya is 52; benefits follow the Cartera).
"""

from .enums import Breakdown, ReturnKind

P_AGE = Breakdown.PERSONS_AGE_SEX
P_NAT = Breakdown.PERSONS_NATIONALITY_SEX

PERSONS_HELP = (
    "Persones vinculades a algun expedient d'atenció primària amb alguna actuació "
    "en el període (les automàtiques d'obertura, tancament i reobertura incloses), "
    "comptades una sola vegada encara que tinguin més d'un expedient o sector."
)
AGE_HELP = "Edat complerta el darrer dia del període, segons la data de naixement."

# (code, label, help text, table, row, column)
RUDEL_FITXA1 = (
    ("P1", "Persones ateses", PERSONS_HELP, P_AGE, "", ""),
    ("P1.1", "Dones ateses", PERSONS_HELP + " Sexe: dona.", P_AGE, "", "D"),
    ("P1.2", "Homes atesos", PERSONS_HELP + " Sexe: home.", P_AGE, "", "H"),
    ("P1.3", "Persones ateses sense sexe informat", PERSONS_HELP, P_AGE, "", "-"),
    ("P2.1", "Persones ateses de 0 a 17 anys", AGE_HELP, P_AGE, "0-17", ""),
    ("P2.2", "Persones ateses de 18 a 29 anys", AGE_HELP, P_AGE, "18-29", ""),
    ("P2.3", "Persones ateses de 30 a 44 anys", AGE_HELP, P_AGE, "30-44", ""),
    ("P2.4", "Persones ateses de 45 a 64 anys", AGE_HELP, P_AGE, "45-64", ""),
    ("P2.5", "Persones ateses de 65 a 74 anys", AGE_HELP, P_AGE, "65-74", ""),
    ("P2.6", "Persones ateses de 75 anys i més", AGE_HELP, P_AGE, "75+", ""),
    (
        "P3.1",
        "Persones ateses de nacionalitat espanyola",
        "Nacionalitat de la fitxa personal: Espanya (codi 52).",
        P_NAT,
        "52",
        "",
    ),
    (
        "P3.2",
        "Persones ateses sense nacionalitat informada",
        "Fitxes personals sense nacionalitat.",
        P_NAT,
        "-",
        "",
    ),
    (
        "E1",
        "Expedients familiars treballats",
        "Expedients d'atenció primària amb alguna actuació en el període, nous o no "
        "(criteri de l'AOC per a la Fitxa 1).",
        Breakdown.EXPEDIENTS,
        "",
        "",
    ),
    (
        "E2",
        "Expedients oberts en el període",
        "Expedients treballats amb l'actuació automàtica d'obertura en el període "
        "(o registrats en el període, segons el criteri de recompte).",
        Breakdown.EXPEDIENTS,
        "new",
        "",
    ),
    (
        "E3",
        "Expedients treballats que ara estan tancats",
        "Expedients treballats en el període l'estat actual dels quals és tancat.",
        Breakdown.EXPEDIENTS,
        "",
        "closed",
    ),
    *(
        (
            f"PR{code}",
            f"Problemàtiques de tipus {code}: {name}",
            "Problemàtiques vigents en el període (o registrades en el període), "
            f"del tipus RUDEL {code}.",
            Breakdown.PROBLEMS,
            code,
            "",
        )
        for code, name in (
            ("1", "econòmica"),
            ("2", "laboral"),
            ("3", "habitatge"),
            ("4", "salut"),
            ("5", "dependència i autonomia personal"),
            ("6", "relacional i familiar"),
            ("7", "social i d'integració"),
            ("8", "educativa"),
        )
    ),
    (
        "R1",
        "Recursos concedits",
        "Recursos en estat Concedit vigents en el període (de la data d'inici, o del "
        "canvi d'estat, a la data de fi).",
        Breakdown.BENEFITS,
        "",
        "",
    ),
    (
        "R2",
        "Servei d'ajuda a domicili (1.1.2.1)",
        "Recursos concedits del codi 1.1.2.1 vigents en el període.",
        Breakdown.BENEFITS,
        "1.1.2.1",
        "",
    ),
    (
        "R3",
        "Teleassistència (1.1.2.2)",
        "Recursos concedits del codi 1.1.2.2 vigents en el període.",
        Breakdown.BENEFITS,
        "1.1.2.2",
        "",
    ),
    (
        "R4",
        "Prestacions d'urgència social (2.3)",
        "Recursos concedits dels codis 2.3.x vigents en el període.",
        Breakdown.BENEFITS,
        "2.3*",
        "",
    ),
    (
        "R5",
        "Ajuts per a subministraments de la llar (2.3.7)",
        "Recursos concedits dels codis 2.3.7.x (pobresa energètica).",
        Breakdown.BENEFITS,
        "2.3.7*",
        "",
    ),
    (
        "R6",
        "Derivacions a altres serveis (4)",
        "Recursos concedits dels codis 4.x vigents en el període.",
        Breakdown.BENEFITS,
        "4*",
        "",
    ),
    (
        "S1",
        "Professionals de l'àrea",
        "Professionals de l'àrea amb algun rol, d'alta en algun moment del període; "
        "qui té dos rols compta a cada rol.",
        Breakdown.STAFF,
        "",
        "",
    ),
    (
        "S2",
        "Tècnics i tècniques de serveis socials (TS/ES)",
        "Professionals amb el rol Tècnic/a de serveis socials (TS/ES).",
        Breakdown.STAFF,
        "Tècnic/a de serveis socials (TS/ES)",
        "",
    ),
    (
        "S3",
        "Treballadors i treballadores familiars",
        "Professionals amb el rol Treballador/a familiar.",
        Breakdown.STAFF,
        "Treballador/a familiar",
        "",
    ),
)

ENERGY_HELP = (
    "Recursos de prestacions marcades com a subministrament de la llar (2.3.7.x), "
    "datats per la data d'inici o, si no en tenen, per la del canvi d'estat (o "
    "registrats en el període, segons el criteri de recompte)."
)
E_STATE = Breakdown.ENERGY_BY_STATE
ENERGY_POVERTY = (
    ("EP1", "Ajuts per a subministraments concedits", ENERGY_HELP, E_STATE, "", "1"),
    ("EP2", "Ajuts per a subministraments denegats", ENERGY_HELP, E_STATE, "", "2"),
    ("EP3", "Ajuts per a subministraments preassignats", ENERGY_HELP, E_STATE, "", "0"),
    (
        "EP4",
        "Ajuts concedits per a l'aigua (2.3.7.1)",
        ENERGY_HELP,
        E_STATE,
        "2.3.7.1",
        "1",
    ),
    (
        "EP5",
        "Ajuts concedits per a la llum (2.3.7.2)",
        ENERGY_HELP,
        E_STATE,
        "2.3.7.2",
        "1",
    ),
    (
        "EP6",
        "Ajuts concedits per al gas (2.3.7.3)",
        ENERGY_HELP,
        E_STATE,
        "2.3.7.3",
        "1",
    ),
    (
        "EP7",
        "Ajuts concedits per a llum i gas (2.3.7.4)",
        ENERGY_HELP,
        E_STATE,
        "2.3.7.4",
        "1",
    ),
    (
        "EP8",
        "Casos arribats per avís de la companyia subministradora",
        ENERGY_HELP + " Via d'accés: avís de la companyia.",
        Breakdown.ENERGY_BY_CHANNEL,
        "3",
        "",
    ),
    (
        "EP9",
        "Casos derivats per entitats del tercer sector",
        ENERGY_HELP + " Via d'accés: derivació d'una entitat del tercer sector.",
        Breakdown.ENERGY_BY_CHANNEL,
        "2",
        "",
    ),
    (
        "EP10",
        "Denegats per ingressos per sobre del llindar",
        ENERGY_HELP + " Motiu de denegació: ingressos per sobre del llindar.",
        Breakdown.ENERGY_DENIALS,
        "1",
        "",
    ),
    (
        "EP11",
        "Denegats per manca de pressupost local",
        ENERGY_HELP + " Motiu de denegació: manca de pressupost.",
        Breakdown.ENERGY_DENIALS,
        "2",
        "",
    ),
)

ICD_ACTUACIONS = (
    "Actuacions d'expedients SIAD (no esborrades) fetes en el període (o "
    "registrades en el període, segons el criteri de recompte). Només dades del "
    "mòdul SIAD."
)
ICD = (
    (
        "ICD1",
        "Dones ateses",
        "Dones titulars d'un expedient SIAD amb alguna actuació en el període, "
        "comptades una sola vegada. Només dades del mòdul SIAD.",
        Breakdown.SIAD_WOMEN_AGE_SEX,
        "",
        "D",
    ),
    (
        "ICD1.1",
        "Persones ateses pel SIAD (qualsevol sexe)",
        "Titulars d'un expedient SIAD amb alguna actuació en el període.",
        Breakdown.SIAD_WOMEN_AGE_SEX,
        "",
        "",
    ),
    ("ICD2", "Actuacions", ICD_ACTUACIONS, Breakdown.SIAD_BY_SERVICE, "", ""),
    (
        "ICD2.1",
        "Actuacions urgents",
        ICD_ACTUACIONS + " Marcades com a urgents.",
        Breakdown.SIAD_BY_SERVICE,
        "",
        "urgent",
    ),
    (
        "ICD3",
        "Actuacions sense servei informat",
        ICD_ACTUACIONS + " Sense servei que atén.",
        Breakdown.SIAD_BY_SERVICE,
        "-",
        "",
    ),
    (
        "ICD4",
        "Actuacions sense àrea de consulta informada",
        ICD_ACTUACIONS + " Sense àrea de consulta.",
        Breakdown.SIAD_BY_AREA,
        "-",
        "",
    ),
    (
        "ICD5",
        "Actuacions sense tipus de consulta informat",
        ICD_ACTUACIONS + " Sense tipus de consulta.",
        Breakdown.SIAD_BY_TYPE,
        "-",
        "",
    ),
    (
        "ICD6",
        "Actuacions sense situació de violència detectada",
        ICD_ACTUACIONS + " Sense situació de violència informada.",
        Breakdown.SIAD_BY_VIOLENCE,
        "-",
        "",
    ),
    (
        "ICD7",
        "Actuacions sense canal informat",
        ICD_ACTUACIONS + " Sense tramitació (canal).",
        Breakdown.SIAD_BY_CHANNEL,
        "-",
        "",
    ),
    (
        "ICD8",
        "Actuacions sense procedència informada",
        ICD_ACTUACIONS + " Sense derivació d'origen.",
        Breakdown.SIAD_BY_REFERRAL,
        "-",
        "",
    ),
)

NEW_EAIA_HELP = (
    "Expedients EAIA oberts per primera vegada en el mes (actuació automàtica "
    "d'obertura; o registrats en el mes, segons el criteri de recompte). Només "
    "dades del mòdul EAIA."
)
IN_FORCE_HELP = (
    "Expedients EAIA amb un període d'Evolució vigent el darrer dia del mes i no "
    "tancats aquell dia (un sol període per expedient i dia). El criteri de "
    "recompte no hi canvia res."
)
EVENT_HELP = (
    "Dates de la caràtula de l'expedient EAIA dins del mes. El criteri de "
    "recompte no hi canvia res."
)
N_PRIORITY = Breakdown.EAIA_NEW_BY_PRIORITY
# A stock is read in one month's column: December of the definition's year.
YEAR_END = "{year}-12"
IN_TYPE = Breakdown.EAIA_IN_FORCE_BY_TYPE
IN_TERRITORY = Breakdown.EAIA_IN_FORCE_BY_TERRITORIALITY
DGAIA_MONTHLY = (
    ("D1", "Casos nous", NEW_EAIA_HELP, N_PRIORITY, "", ""),
    ("D1.1", "Casos nous urgents", NEW_EAIA_HELP, N_PRIORITY, "urgent", ""),
    ("D1.2", "Casos nous prioritaris", NEW_EAIA_HELP, N_PRIORITY, "priority", ""),
    (
        "D1.3",
        "Casos nous preferents",
        NEW_EAIA_HELP,
        N_PRIORITY,
        "preferential",
        "",
    ),
    ("D1.4", "Casos nous ordinaris", NEW_EAIA_HELP, N_PRIORITY, "ordinary", ""),
    (
        "D2",
        "Casos nous sense origen informat",
        NEW_EAIA_HELP + " Sense origen del cas.",
        Breakdown.EAIA_NEW_BY_ORIGIN,
        "-",
        "",
    ),
    *(
        (
            f"D3.{n}",
            f"Casos vigents a 31 de desembre: {name}",
            IN_FORCE_HELP,
            IN_TYPE,
            key,
            YEAR_END,
        )
        for n, (key, name) in enumerate(
            (
                ("helplessness", "desemparament"),
                ("judicial_guard", "guarda judicial"),
                ("protective_guard", "guarda protectora"),
                ("risk", "risc"),
                ("tutelage", "tutela"),
                ("assistance", "mesures assistencials"),
            ),
            start=1,
        )
    ),
    *(
        (
            f"D4.{n}",
            f"Casos vigents a 31 de desembre: {name}",
            IN_FORCE_HELP,
            IN_TERRITORY,
            key,
            YEAR_END,
        )
        for n, (key, name) in enumerate(
            (
                ("reference", "referència"),
                ("co_reference", "co-referència"),
                ("collaboration", "col·laboració"),
            ),
            start=1,
        )
    ),
    (
        "D5",
        "Informes a la DGAIA/SAIA elaborats",
        EVENT_HELP + " Data d'elaboració de l'informe.",
        Breakdown.EAIA_REPORTS,
        "report_prepared",
        "",
    ),
    (
        "D6",
        "Resolucions de la DGAIA/SAIA",
        EVENT_HELP + " Data de resolució de la DGAIA/SAIA.",
        Breakdown.EAIA_REPORTS,
        "report_resolved",
        "",
    ),
    (
        "D7",
        "Síntesis de cas generades",
        EVENT_HELP + " Data de generació de la síntesi.",
        Breakdown.EAIA_REPORTS,
        "synthesis_generated",
        "",
    ),
    (
        "D8",
        "Síntesis de cas resoltes",
        EVENT_HELP + " Data de resolució de la síntesi.",
        Breakdown.EAIA_REPORTS,
        "synthesis_resolved",
        "",
    ),
)

SHIPPED = {
    ReturnKind.RUDEL_FITXA1: (
        "RUDEL Fitxa 1",
        "Variables revisades el 2026 a partir dels criteris publicats per l'AOC; "
        "els codis de tipus de problemàtica i de recurs són els dels catàlegs.",
        RUDEL_FITXA1,
    ),
    ReturnKind.ENERGY_POVERTY: (
        "Ajuts d'urgència per a subministraments de la llar",
        "Registre de pobresa energètica (bloc dels recursos 2.3.7.x).",
        ENERGY_POVERTY,
    ),
    ReturnKind.ICD: (
        "Memòria ICD",
        "Per a l'Institut Català de les Dones: només dades del mòdul SIAD; les "
        "taules desglossen per les entrades dels catàlegs SIAD de l'àrea.",
        ICD,
    ),
    ReturnKind.DGAIA_MONTHLY: (
        "Estadística mensual DGAIA/SAIA",
        "Només dades del mòdul EAIA; les taules tenen una columna per mes.",
        DGAIA_MONTHLY,
    ),
}


def load_definition(
    definition_model, variable_model, *, kind: str, year: int, refresh: bool = False
):
    """Create the shipped definition of `kind` for `year` if it is missing (with
    `refresh`, also put the shipped variables back over a superuser's changes);
    the models are passed in so the data migration can use its historical ones.
    Returns (definition, created)."""
    title, notes, variables = SHIPPED[kind]
    definition, created = definition_model.objects.get_or_create(
        kind=kind, year=year, defaults={"title": title, "notes": notes}
    )
    if not (created or refresh):
        return definition, created
    for order, (code, label, help_text, table, row, column) in enumerate(variables):
        variable_model.objects.update_or_create(
            definition=definition,
            code=code,
            defaults={
                "label": label,
                "help_text": help_text,
                "breakdown": str(table),
                "row": row,
                "column": column.replace("{year}", str(year)),
                "sort_order": order,
            },
        )
    return definition, created
