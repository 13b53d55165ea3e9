"""Roles: the single source of truth for who may do what (style.md G15).

Each role is a Django group created and kept in step by `manage.py sync_roles`.
Permissions are "app_label.codename" strings, so this module imports no other app;
each app adds its permission sets here as it is built. Row scoping (area, module,
territory, confidentiality) is not a permission: it is `visible_to(user)`.
The README's roles table lists what each role may do; keep the two in step.
"""

from dataclasses import dataclass

ADMIN_ACCESS = ("wagtailadmin.access_admin",)


def perms(app: str, model: str, *actions: str) -> tuple[str, ...]:
    """Return Django's default permission names, e.g. perms("a", "team", "view")."""
    return tuple(f"{app}.{action}_{model}" for action in actions)


# --- configuration: the organisation -------------------------------------------
# The administrator builds the area: professionals, teams, subsectors, timetables.
ORGANISATION_ADMINISTRATION = (
    *perms("configuration", "user", "add", "change", "view"),
    "configuration.deregister_user",
    *perms("configuration", "team", "add", "change", "view"),
    *perms("configuration", "subsector", "add", "change", "view", "delete"),
    *perms("configuration", "sector", "view"),
    *perms("configuration", "workschedule", "add", "change", "view", "delete"),
    *perms("configuration", "areasettings", "change", "view"),
)
# The coordinator edits professionals (roles, teams, timetables, colour) and
# deregisters or reactivates them, and arranges teams, but creates neither
# professionals nor teams.
ORGANISATION_COORDINATION = (
    *perms("configuration", "user", "change", "view"),
    "configuration.deregister_user",
    *perms("configuration", "team", "change", "view"),
    *perms("configuration", "subsector", "view"),
    *perms("configuration", "sector", "view"),
    *perms("configuration", "workschedule", "add", "change", "view", "delete"),
    *perms("configuration", "areasettings", "change", "view"),
)
# --- configuration: catalogues ----------------------------------------------------
# Coordinators and administrators edit their area's catalogues (list, add, edit,
# import, export); shared official entries change only through the support desk.
CATALOGUE_MODEL_NAMES = (
    "benefittype",
    "benefitsubtype",
    "benefit",
    "problemtype",
    "problem",
    "demandtype",
    "actuaciotype",
    "actuacioplace",
    "caseorigin",
    "closingreason",
    "documentkind",
    "documenttemplate",
    "relationshiptype",
    "tramittype",
    "siadtrainingresource",
    "immigrationcourse",
    "immigrationproject",
    "immigrationteacher",
    "immigrationprovider",
    "homecaretask",
    "siadchannel",
    "siadviolencesituation",
    "siadservice",
    "siadreferralsource",
    "siadconsultationarea",
    "siadconsultationtype",
)
# The immigration module's configuration keeps old courses, projects, teachers
# and providers as history: deactivated, never deleted (domain.md §3.6).
IMMIGRATION_CATALOGUE_NAMES = (
    "immigrationcourse",
    "immigrationproject",
    "immigrationteacher",
    "immigrationprovider",
)
CATALOGUE_MANAGEMENT: tuple[str, ...] = (
    *(
        permission
        for model in CATALOGUE_MODEL_NAMES
        for permission in perms(
            "configuration",
            model,
            "add",
            "change",
            "view",
            *(() if model in IMMIGRATION_CATALOGUE_NAMES else ("delete",)),
        )
    ),
    # The official reference tables are read here and changed by the support desk.
    *perms("configuration", "country", "view"),
    *perms("configuration", "province", "view"),
    *perms("configuration", "municipality", "view"),
    *perms("configuration", "mothertongue", "view"),
    *perms("configuration", "streettype", "view"),
)
# --- configuration: configurable forms (issue #22) ------------------------------------
# Coordinators shape their area's casework forms: extra fields (added, changed,
# deactivated, never deleted) and which optional standard fields show or are
# required; shared definitions change only through the support desk.
FORM_DEFINITIONS = (
    *perms("configuration", "customfield", "add", "change", "view"),
    *perms("configuration", "standardfieldrule", "add", "change", "view"),
)
# --- website.learning: the training course ------------------------------------------
# Coordinators and administrators review their area's attempts, certificates and
# ratings (and edit the course pages: page permissions granted by the course set-up).
LEARNING_REVIEW = (
    *perms("learning", "quizattempt", "view"),
    *perms("learning", "certificate", "view"),
    *perms("learning", "rating", "view"),
)

# --- configuration: the audit trail -------------------------------------------------
# Coordinators and administrators read their area's Registres (domain.md §4.9).
AUDIT_REVIEW = ("configuration.view_auditentry",)


# --- directory: person records ------------------------------------------------------
# Every role that attends people creates and edits person records (identification
# and address; domain.md §2.4); the extended block (work, income, immigration,
# studies, social network, health) and the sensitive parts of the record are for
# technical roles and coordinators. Administrators read and correct records.
PERSON_RECORDS = (
    *perms("directory", "person", "add", "change", "view"),
    *perms("directory", "kinship", "add", "change", "view", "delete"),
)
PERSON_RECORDS_READ = (
    *perms("directory", "person", "change", "view"),
    *perms("directory", "kinship", "view"),
)
PERSON_EXTENDED = perms("directory", "personextended", "add", "change", "view")
# Deleting and merging person records is the coordinator's (domain.md §4.6).
PERSON_RECORDS_COORDINATION = perms("directory", "person", "delete")

# --- casework: expedients ------------------------------------------------------------
# The technical administrative officer opens expedients, links persons, records
# housing and registers tràmits, but never sees actuacions, resources or plans
# (domain.md §2.2, §2.4, §3.3.8).
CASEWORK_ADMINISTRATIVE = (
    *perms("casework", "basiccase", "add", "change", "view"),
    *perms("casework", "linkedperson", "add", "change", "view"),
    *perms("casework", "housing", "add", "change", "view"),
    *perms("casework", "genogramrelative", "add", "change", "delete", "view"),
    *perms("casework", "tramit", "add", "change", "view"),
)
# The front-desk assistant opens no expedient and changes no cover nor linked
# persons: they read the expedients of their territory to record housing data
# and register tràmits there (domain.md §2.2, §2.4: housing C U, tràmits C).
CASEWORK_FRONT_DESK = (
    *perms("casework", "basiccase", "view"),
    *perms("casework", "linkedperson", "view"),
    *perms("casework", "housing", "add", "change", "view"),
    *perms("casework", "genogramrelative", "add", "change", "delete", "view"),
    *perms("casework", "tramit", "add", "change", "view"),
)
# Who may change the reference professional of an expedient whose sector is one
# of their teams' (coordinators: anywhere in their area), domain.md §2.3: TS/ES,
# family workers and coordinators.
REFERENCE_CHANGE = ("casework.change_reference_professional",)
# Who may transfer an expedient between the sectors of their teams (coordinators:
# any sector of the area, their tools), domain.md §4.5: TS/ES and coordinators.
SECTOR_TRANSFER = ("casework.transfer_expedient",)
CASEWORK_ITEM_MODELS = (
    "actuacio",
    "demand",
    "problemrecord",
    "resource",
    "tramit",
    "interventionplan",
    "planobjective",
    "document",
)
# Technicians record the whole intervention of the expedients in their territory.
CASEWORK_TECHNICAL = (
    *perms("casework", "basiccase", "add", "change", "view"),
    *perms("casework", "linkedperson", "add", "change", "view"),
    *perms("casework", "housing", "add", "change", "view"),
    *perms("casework", "genogramrelative", "add", "change", "delete", "view"),
    *(
        permission
        for model in CASEWORK_ITEM_MODELS
        for permission in perms("casework", model, "add", "change", "view")
    ),
)
# Specialised technicians read basic social services expedients of their territory.
CASEWORK_READ = (
    *perms("casework", "basiccase", "view"),
    *perms("casework", "linkedperson", "view"),
    *perms("casework", "housing", "view"),
    *perms("casework", "genogramrelative", "view"),
    *(perms("casework", model, "view")[0] for model in CASEWORK_ITEM_MODELS),
)
# Coordinators also delete items and unlink persons (their tools, domain.md §4.6),
# reopen closed expedients, see their teams' confidential expedients and move
# expedients anywhere in the area.
CASEWORK_COORDINATION = (
    *CASEWORK_TECHNICAL,
    *REFERENCE_CHANGE,
    *SECTOR_TRANSFER,
    *perms("casework", "linkedperson", "delete"),
    *(perms("casework", model, "delete")[0] for model in CASEWORK_ITEM_MODELS),
    "casework.reopen_basiccase",
    "casework.coordinate_expedients",
    "casework.report_person_access",  # a person's data-access report (PDF)
)

# --- casework: home care (SAD) ------------------------------------------------------
# TS/ES open home-care expedients from the basic social services expedients they
# work and propose its state events; the SAD manager and coordinators also approve
# or deny them and set the work plans; family workers read them (domain.md §2.4,
# §3.4). Module scope: the view right on home-care expedients (casework.scope).
HOME_CARE_READ = (
    *perms("casework", "homecarecase", "view"),
    *perms("casework", "homecareevent", "view"),
    *perms("casework", "homecaredefinition", "view"),
    *perms("casework", "homecareworkplan", "view"),
)
HOME_CARE_PROPOSAL = (
    *HOME_CARE_READ,
    *perms("casework", "homecarecase", "add"),
    *perms("casework", "homecareevent", "add"),
)
HOME_CARE_MANAGEMENT = (
    *HOME_CARE_PROPOSAL,
    *perms("casework", "homecarecase", "change"),
    "casework.decide_homecareevent",
    *perms("casework", "homecareworkplan", "add", "change"),
    # documents (the signed service agreement…) in home-care expedients only
    # (casework.permissions.ModuleItemPolicy)
    "casework.file_sad_documents",
)
# --- casework: the women's service (SIAD), domain.md §2.4, §3.5 -----------------------
# SIAD technicians and coordinators open women's service expedients, record their
# actuacions and assign the area's training resources; which expedients they
# reach is the scope's (named on it, their teams' coordinator, or break-glass).
SIAD_WORK = (
    *perms("casework", "womensservicecase", "add", "change", "view"),
    "casework.close_womensservicecase",
    *perms("casework", "siadactuacio", "add", "change", "view"),
    *perms("casework", "siadtrainingassignment", "add", "change", "view"),
    *perms("casework", "siadtrainingsession", "add", "change", "view"),
    # documents (the signed consent…) in SIAD expedients only
    # (casework.permissions.ModuleItemPolicy); deleting them is the coordinators'
    "casework.file_siad_documents",
)
SIAD_COORDINATION = (
    *SIAD_WORK,
    "casework.reopen_womensservicecase",
    *perms("casework", "siadactuacio", "delete"),
)
# --- casework: immigration and citizenship, domain.md §2.4, §3.6 ---------------------
# Immigration technicians and coordinators open immigration expedients, record
# their actuacions and tràmits, and keep the module's configuration (courses and
# projects: added, changed, deactivated, never deleted); which expedients they
# reach is the territory's (casework/scope.py).
IMMIGRATION_WORK = (
    *perms("casework", "immigrationcase", "add", "change", "view"),
    "casework.close_immigrationcase",
    *perms("casework", "immigrationactuacio", "add", "change", "view"),
    *perms("casework", "immigrationtrainingmodule", "add", "change", "view"),
    *perms("casework", "immigrationcourseclass", "add", "change", "view"),
    *perms("casework", "immigrationattendance", "add", "change", "view"),
    # tràmits and documents (the signed application…) in immigration expedients
    # only (casework.permissions.ModuleItemPolicy)
    "casework.record_immigration_tramits",
    "casework.file_immigration_documents",
    *(
        permission
        for model in IMMIGRATION_CATALOGUE_NAMES
        for permission in perms("configuration", model, "add", "change", "view")
    ),
)
IMMIGRATION_COORDINATION = (
    *IMMIGRATION_WORK,
    "casework.reopen_immigrationcase",
    *perms("casework", "immigrationactuacio", "delete"),
)

# --- casework: child and adolescent protection (EAIA), domain.md §2.4, §3.7 -----------
# EAIA technicians and coordinators open child protection expedients, keep their
# cover, Evolució periods and EAIA actuacions, and close them; which expedients
# they reach is the scope's (area, territory, confidentiality).
EAIA_WORK = (
    *perms("casework", "childprotectioncase", "add", "change", "view"),
    "casework.close_childprotectioncase",
    *perms("casework", "eaiaevolution", "add", "change", "delete", "view"),
    *perms("casework", "eaiaactuacio", "add", "change", "view"),
    # documents (the case report…) in EAIA expedients only
    # (casework.permissions.ModuleItemPolicy)
    "casework.file_eaia_documents",
)
EAIA_COORDINATION = (
    *EAIA_WORK,
    "casework.reopen_childprotectioncase",
    *perms("casework", "eaiaactuacio", "delete"),
)
# --- agenda: appointments and reservations (domain.md §2.4, §3.8) ------------------
# Every role that attends people keeps an agenda, books in it and sees their
# teams' agendas (row scope: agenda/scope.py).
AGENDA_OWN = (
    *perms("agenda", "appointment", "add", "change", "view"),
    "agenda.keep_agenda",
    *perms("agenda", "dutyslot", "view"),
)
# The front desk and technical administration book for the area's professionals.
AGENDA_FRONT_DESK = (*AGENDA_OWN, "agenda.book_for_area")
# Coordinators book for their teams and multi-professional reservations, decide
# clashes and set their teams' duty slots ("espais de permanència").
AGENDA_COORDINATION = (
    *AGENDA_OWN,
    "agenda.coordinate_agenda",
    *perms("agenda", "dutyslot", "add", "change", "delete"),
)

# --- helpdesk: support incidents ------------------------------------------------------
# Every professional opens support incidents and follows their own (the row scope
# is the author: `Incident.objects.visible_to`); the support desk works the queue
# of every area and sees nothing else (domain.md §6.2).
INCIDENTS_OWN = perms("helpdesk", "incident", "add", "view")
INCIDENTS_QUEUE = (
    *perms("helpdesk", "incident", "view", "change"),
    "helpdesk.work_incident_queue",
)


@dataclass(frozen=True)
class Role:
    key: str
    name: str
    permissions: tuple[str, ...]
    sees_personal_data: bool = True


PROFESSIONAL_ACCESS = (*ADMIN_ACCESS, *INCIDENTS_OWN)
ADMINISTRATIVE = (
    *PROFESSIONAL_ACCESS,
    *PERSON_RECORDS,
    *CASEWORK_ADMINISTRATIVE,
    *AGENDA_FRONT_DESK,
)
FRONT_DESK = (
    *PROFESSIONAL_ACCESS,
    *PERSON_RECORDS,
    *CASEWORK_FRONT_DESK,
    *AGENDA_FRONT_DESK,
)
TECHNICAL = (
    *PROFESSIONAL_ACCESS,
    *PERSON_RECORDS,
    *PERSON_EXTENDED,
    *CASEWORK_TECHNICAL,
    *REFERENCE_CHANGE,
    *SECTOR_TRANSFER,
    *HOME_CARE_PROPOSAL,
    *AGENDA_OWN,
)
SPECIALIST = (
    *PROFESSIONAL_ACCESS,
    *PERSON_RECORDS,
    *PERSON_EXTENDED,
    *CASEWORK_READ,
    *AGENDA_OWN,
)
# The family (home-care) worker reads the basic social services expedients of
# their territory and may change their reference professional (domain.md §2.2,
# §2.3); the sources say nothing else of the role.
FAMILY_WORK = (
    *PROFESSIONAL_ACCESS,
    *PERSON_RECORDS,
    *CASEWORK_READ,
    *REFERENCE_CHANGE,
    *HOME_CARE_READ,
    *AGENDA_OWN,
)

# --- reports: the official returns (Memòries, domain.md §5.2) -------------------
# Coordinators produce their area's returns (and superusers, who choose the
# area); what a return counts is still each user's scope (visible_to), so the
# administrator, who has no casework rights, does not: their returns would
# show zeros for persons and expedients. Definitions are edited by superusers.
RETURNS = ("reports.produce_returns",)

AUXILIAR = Role(
    key="auxiliar", name="Auxiliar administratiu/va", permissions=FRONT_DESK
)
ADMINISTRATIU = Role(
    key="administratiu", name="Administratiu/va tècnic/a", permissions=ADMINISTRATIVE
)
TECNIC = Role(
    key="tecnic", name="Tècnic/a de serveis socials (TS/ES)", permissions=TECHNICAL
)
TREBALLADOR_FAMILIAR = Role(
    key="treballador_familiar", name="Treballador/a familiar", permissions=FAMILY_WORK
)
TECNIC_SIAD = Role(
    key="tecnic_siad", name="Tècnic/a SIAD", permissions=(*SPECIALIST, *SIAD_WORK)
)
GESTOR_SAD = Role(
    key="gestor_sad",
    name="Gestor/a de SAD",
    permissions=(*SPECIALIST, *HOME_CARE_MANAGEMENT),
)
TECNIC_IMMIGRACIO = Role(
    key="tecnic_immigracio",
    name="Tècnic/a d'immigració",
    permissions=(*SPECIALIST, *IMMIGRATION_WORK),
)
TECNIC_EAIA = Role(
    key="tecnic_eaia", name="Tècnic/a d'EAIA", permissions=(*SPECIALIST, *EAIA_WORK)
)
COORDINADOR = Role(
    key="coordinador",
    name="Coordinador/a",
    permissions=(
        *PROFESSIONAL_ACCESS,
        *ORGANISATION_COORDINATION,
        *CATALOGUE_MANAGEMENT,
        *FORM_DEFINITIONS,
        *PERSON_RECORDS,
        *PERSON_RECORDS_COORDINATION,
        *PERSON_EXTENDED,
        *CASEWORK_COORDINATION,
        *HOME_CARE_MANAGEMENT,
        *SIAD_COORDINATION,
        *IMMIGRATION_COORDINATION,
        *EAIA_COORDINATION,
        *AGENDA_COORDINATION,
        *LEARNING_REVIEW,
        *AUDIT_REVIEW,
        *RETURNS,
    ),
)
ADMINISTRADOR = Role(
    key="administrador",
    name="Administrador/a",
    permissions=(
        *PROFESSIONAL_ACCESS,
        *ORGANISATION_ADMINISTRATION,
        *CATALOGUE_MANAGEMENT,
        *PERSON_RECORDS_READ,
        *LEARNING_REVIEW,
        *AUDIT_REVIEW,
    ),
)
SUPORT = Role(
    key="suport",
    name="Suport",
    permissions=(*ADMIN_ACCESS, *INCIDENTS_QUEUE),
    sees_personal_data=False,
)
ALUMNE = Role(
    key="alumne", name="Alumne/a", permissions=ADMIN_ACCESS, sees_personal_data=False
)

ROLES: tuple[Role, ...] = (
    AUXILIAR,
    ADMINISTRATIU,
    TECNIC,
    TREBALLADOR_FAMILIAR,
    TECNIC_SIAD,
    GESTOR_SAD,
    TECNIC_IMMIGRACIO,
    TECNIC_EAIA,
    COORDINADOR,
    ADMINISTRADOR,
    SUPORT,
    ALUMNE,
)
ROLES_BY_KEY = {role.key: role for role in ROLES}
ROLES_BY_NAME = {role.name: role for role in ROLES}

# Who may hand out which roles when editing a professional: nobody grants a role
# above their own, and the support desk role is given only by a superuser.
ASSIGNABLE_BY = {
    ADMINISTRADOR.key: tuple(r for r in ROLES if r not in (SUPORT,)),
    COORDINADOR.key: tuple(r for r in ROLES if r not in (SUPORT, ADMINISTRADOR)),
}
