"""Roles: the single source of truth for who may do what (style.md G15).

Each role is a Django group created and kept in step by `manage.py sync_roles`.
Permissions are "app_label.codename" strings, so this module imports no other app;
each app adds its permissions here as it is built. Row scoping (area, module,
territory, confidentiality) is not a permission: it is `visible_to(user)`.
"""

from dataclasses import dataclass

ADMIN_ACCESS = "wagtailadmin.access_admin"


@dataclass(frozen=True)
class Role:
    key: str
    name: str
    permissions: tuple[str, ...]
    sees_personal_data: bool = True


AUXILIAR = Role(
    key="auxiliar",
    name="Auxiliar administratiu/va",
    permissions=(ADMIN_ACCESS,),
)
ADMINISTRATIU = Role(
    key="administratiu",
    name="Administratiu/va tècnic/a",
    permissions=(ADMIN_ACCESS,),
)
TECNIC = Role(
    key="tecnic",
    name="Tècnic/a de serveis socials (TS/ES)",
    permissions=(ADMIN_ACCESS,),
)
TECNIC_SIAD = Role(key="tecnic_siad", name="Tècnic/a SIAD", permissions=(ADMIN_ACCESS,))
GESTOR_SAD = Role(key="gestor_sad", name="Gestor/a de SAD", permissions=(ADMIN_ACCESS,))
TECNIC_IMMIGRACIO = Role(
    key="tecnic_immigracio",
    name="Tècnic/a d'immigració",
    permissions=(ADMIN_ACCESS,),
)
TECNIC_EAIA = Role(
    key="tecnic_eaia", name="Tècnic/a d'EAIA", permissions=(ADMIN_ACCESS,)
)
COORDINADOR = Role(key="coordinador", name="Coordinador/a", permissions=(ADMIN_ACCESS,))
ADMINISTRADOR = Role(
    key="administrador",
    name="Administrador/a",
    permissions=(ADMIN_ACCESS,),
)
SUPORT = Role(
    key="suport",
    name="Suport",
    permissions=(ADMIN_ACCESS,),
    sees_personal_data=False,
)
ALUMNE = Role(
    key="alumne",
    name="Alumne/a",
    permissions=(ADMIN_ACCESS,),
    sees_personal_data=False,
)

ROLES: tuple[Role, ...] = (
    AUXILIAR,
    ADMINISTRATIU,
    TECNIC,
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
